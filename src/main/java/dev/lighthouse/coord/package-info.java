/**
 * Sessions and ordered groups as immutable values: the coordination half of
 * the replicated state. It lives beside the document, never in it, so nothing
 * here can change a version, its checksum or data.d. Every operation is a pure
 * function from one {@link dev.lighthouse.coord.Coordination} to the next (the
 * applier's transition calls them), and a refusal is an exception that leaves
 * the value it was asked of as it was.
 *
 * <p>Up to 100,000 sessions must fit, and a command must cost what it touches,
 * not the size of the whole: hence {@link dev.lighthouse.coord.PersistentMap},
 * which shares all but one path between consecutive states.
 */
package dev.lighthouse.coord;
