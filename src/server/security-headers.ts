import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './types.js';

/**
 * Content-Security-Policy: what a page of ours may load, so that an injected script or a framing page gets nowhere.
 *
 * The web app's pages: scripts only from the server (the Vite build has no inline script and no eval), no plug-ins,
 * no framing, no foreign <base> or form target. Styles allow 'unsafe-inline' because Ant Design writes its styles
 * into <style> elements at run time (CSS-in-JS) and components set style attributes; the favicon and a few icons
 * are data: URIs, and exports are saved through blob: URLs.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** The API's answers are data, never a page: nothing may load from them, nothing may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The Swagger UI (/api/docs): its page loads its own scripts and styles from /api/docs/static (no inline script),
 * sets inline styles, shows data: images, and fetches the OpenAPI document from the server.
 */
export const DOCS_CSP = WEB_CSP;

function policyFor(url: string): string {
  if (url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/docs?')) return DOCS_CSP;
  if (url.startsWith('/api/')) return API_CSP;
  return WEB_CSP;
}

/** Sets the policy on every answer, by what it is: the web app, the API, or its documentation. */
export function installSecurityHeaders(app: App): void {
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply) => {
    void reply.header('Content-Security-Policy', policyFor(req.url));
  });
}
