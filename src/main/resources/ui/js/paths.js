// Paths as an operator types them, and as the API wants them: a JSON Pointer
// (RFC 6901, "/a/b~1c") or a URL path ("a/b%2Fc"), both turned into segments.

/** Segments from the path bar: a leading "/" (or nothing) means a JSON Pointer, otherwise a URL path. */
export function parsePath(text) {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '/') return [];
  if (trimmed.startsWith('/')) {
    return trimmed.slice(1).split('/').map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return trimmed.split('/').map(segment => {
    try { return decodeURIComponent(segment); } catch { throw new Error(`'${segment}' is not a valid URL path segment`); }
  });
}

export function pointer(segments) {
  return segments.map(s => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The URL path below /data/ (each segment percent-encoded, so "/" inside a key is %2F). */
export function urlPath(segments) {
  return segments.map(s => encodeURIComponent(String(s))).join('/');
}

export function dataUrl(segments) {
  return '/data/' + urlPath(segments);
}

function shellQuote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A curl command doing the same request; the token is left to an environment variable, never copied. */
export function curl(method, url, { token, body, type } = {}) {
  const parts = ['curl', '-s'];
  if (method !== 'GET') parts.push('-X', method);
  parts.push(shellQuote(location.origin + url));
  if (token) parts.push('-H', '"Authorization: Bearer $LIGHTHOUSE_TOKEN"');
  if (type) parts.push('-H', shellQuote('Content-Type: ' + type));
  if (body !== undefined) parts.push('-d', shellQuote(body));
  return parts.join(' ');
}
