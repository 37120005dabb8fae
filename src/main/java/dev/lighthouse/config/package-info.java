/** Server configuration: defaults, the conf file, the command line, limits and duration strings. */
package dev.lighthouse.config;
