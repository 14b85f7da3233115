// Who the console calls the admin API as, and the calls themselves. The credential lives in
// sessionStorage only (gone when the tab closes) and is sent as a bearer token; the API checks it.
// Locally it is an admin token; on AWS an ID token from the Cognito hosted UI (code flow + PKCE).

const TOKEN_KEY = 'lanyard.credential';
const FLOW_KEY = 'lanyard.login-flow';

/** Raised for any answer but 2xx; `message` is the API's own sentence of what was wrong. */
export class ApiError extends Error {
  /** `rows`: a refused CSV's bad rows, each `{ line, problems }` (empty for other refusals). */
  constructor(status, code, message, rows = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.rows = rows;
  }
}

let settings = { auth: 'token', loginUrl: null };

export async function loadSettings() {
  const response = await fetch('/console/settings.json', { headers: { Accept: 'application/json' } });
  if (response.ok) settings = await response.json();
  return settings;
}

export function credential() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function signIn(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

export function usesHostedLogin() {
  return settings.auth === 'gateway' && typeof settings.loginUrl === 'string';
}

/** Sends the browser to the hosted sign-in page with a fresh PKCE verifier and state. */
export async function startHostedLogin() {
  const verifier = randomText(48);
  const state = randomText(24);
  sessionStorage.setItem(FLOW_KEY, JSON.stringify({ verifier, state, back: location.hash }));
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const url = new URL(settings.loginUrl);
  url.pathname = '/oauth2/authorize';
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid email');
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('code_challenge', challenge);
  location.assign(url.toString());
}

/** Completes the hosted sign-in when the page is the redirect target (`?code=…&state=…`). */
export async function finishHostedLogin() {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  if (!code || !usesHostedLogin()) return;
  const flow = JSON.parse(sessionStorage.getItem(FLOW_KEY) ?? 'null');
  sessionStorage.removeItem(FLOW_KEY);
  history.replaceState(null, '', `${location.pathname}${flow?.back ?? ''}`);
  if (!flow || flow.state !== query.get('state')) {
    throw new ApiError(400, 'login-state', 'The sign-in answer did not match this tab; sign in again.');
  }
  const login = new URL(settings.loginUrl);
  const response = await fetch(new URL('/oauth2/token', login.origin), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: login.searchParams.get('client_id') ?? '',
      redirect_uri: login.searchParams.get('redirect_uri') ?? `${location.origin}/`,
      code,
      code_verifier: flow.verifier,
    }),
  });
  if (!response.ok) throw new ApiError(response.status, 'login-failed', 'Sign-in failed; try again.');
  const tokens = await response.json();
  // The API's JWT authorizer reads the caller's email from the ID token.
  signIn(tokens.id_token);
}

let navigation = new AbortController();

/**
 * A new page is being opened: the calls of the page before it are cancelled, so a slow answer
 * for a page the admin already left can never draw over the page they are on.
 */
export function newNavigation() {
  navigation.abort();
  navigation = new AbortController();
}

/**
 * Calls the admin API; JSON in and out unless `raw` asks for the Response. With `contentType`,
 * `body` is text sent as it is (a CSV import).
 */
export async function api(path, { method = 'GET', body, raw = false, contentType } = {}) {
  const headers = { Accept: raw ? '*/*' : 'application/json' };
  const token = credential();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = contentType ?? 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : contentType ? body : JSON.stringify(body),
    signal: navigation.signal,
  });
  if (!response.ok) {
    let problem = {};
    try {
      problem = await response.json();
    } catch {
      // Not JSON (a gateway's own page): the status says enough.
    }
    throw new ApiError(
      response.status,
      problem.error ?? `http-${response.status}`,
      problem.message ?? `The admin API answered ${response.status}.`,
      Array.isArray(problem.rows) ? problem.rows : [],
    );
  }
  return raw ? response : response.json();
}

function randomText(bytes) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(bytes) {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
