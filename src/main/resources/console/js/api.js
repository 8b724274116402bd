/*
 * The server's HTTP APIs as seen by the console: JSON in and out, the session's bearer token on every call, and one
 * error type that carries the status and the server's message so a view can show it next to what failed.
 */

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }

  /** The endpoint does not exist on this server (an older version): views say so instead of breaking. */
  get missing() {
    return this.status === 404 && this.body && this.body.error === 'http.not_found';
  }
}

export class Api {
  /** getToken: the current session's token or null; onUnauthorized: called once a 401 ends the session. */
  constructor(getToken, onUnauthorized) {
    this.getToken = getToken;
    this.onUnauthorized = onUnauthorized;
  }

  get(path) { return this.call('GET', path); }
  post(path, body) { return this.call('POST', path, body); }
  patch(path, body) { return this.call('PATCH', path, body); }
  delete(path) { return this.call('DELETE', path); }

  /** A file to download: its bytes as a Blob and the name the server's Content-Disposition gives, if any. */
  async download(path) {
    const headers = {};
    const token = this.getToken();
    if (token) { headers.Authorization = 'Bearer ' + token; }
    let response;
    try {
      response = await fetch(path, { headers, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      throw new ApiError(0, 'The server cannot be reached.', null);
    }
    if (!response.ok) {
      let data = null;
      try { data = JSON.parse(await response.text()); } catch (e) { data = null; }
      const error = new ApiError(response.status, (data && data.message) || ('HTTP ' + response.status), data);
      if (response.status === 401 && token) { this.onUnauthorized(error); }
      throw error;
    }
    const disposition = response.headers.get('Content-Disposition') || '';
    const name = /filename="?([^";]+)"?/i.exec(disposition);
    return { blob: await response.blob(), name: name ? name[1] : null };
  }

  /** A body that is a string is sent as YAML (scenarios); anything else as JSON. */
  async call(method, path, body) {
    const headers = { Accept: 'application/json' };
    const token = this.getToken();
    if (token) { headers.Authorization = 'Bearer ' + token; }
    let payload;
    if (typeof body === 'string') {
      headers['Content-Type'] = 'application/yaml; charset=utf-8';
      payload = body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, { method, headers, body: payload, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      throw new ApiError(0, 'The server cannot be reached.', null);
    }
    const raw = await response.text();
    let data = null;
    if (raw) {
      try { data = JSON.parse(raw); } catch (e) { data = null; }
    }
    if (response.ok) { return data; }
    const message = data && typeof data.message === 'string' && data.message ? data.message
      : (data && data.error) || response.statusText || ('HTTP ' + response.status);
    const error = new ApiError(response.status, message, data);
    if (response.status === 401 && token) { this.onUnauthorized(error); }
    throw error;
  }
}

export function channelPath(id, rest = '') {
  return '/api/v1/channels/' + encodeURIComponent(id) + rest;
}
