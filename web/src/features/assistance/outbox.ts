/**
 * Visits written on a phone with weak signal: the draft of a visit being written and the outbox of visits not yet
 * sent, both in the browser (localStorage: they survive a lost connection and a closed browser). Each visit carries
 * the UUID made when it was written; the server stores it with a unique index, so sending twice (an answer lost on
 * the way back) never makes two visits. The outbox is sent on page load, when `online` fires, and after each save.
 */
import { ApiError } from '../../api/client';
import { assistanceApi, type VisitBody, type VisitRecorded } from './api';

export interface PendingVisit {
  householdId: number;
  householdName: string;
  body: VisitBody;
  savedAt: string;
  /** The server's refusal (not a lost connection): the helper corrects or discards it. */
  error?: { code: string; message: string };
}

const key = (userId: number) => `fp_assist_outbox_${userId}`;
const draftKey = (userId: number, householdId: number) => `fp_assist_draft_${userId}_${householdId}`;

function read<T>(k: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(k);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function write(k: string, v: unknown): void {
  try {
    if (v === null) localStorage.removeItem(k);
    else localStorage.setItem(k, JSON.stringify(v));
  } catch {
    // storage full or private mode: the visit stays on screen only
  }
  window.dispatchEvent(new Event('fp-outbox'));
}

export function pendingVisits(userId: number): PendingVisit[] {
  return read<PendingVisit[]>(key(userId), []);
}

export function enqueueVisit(userId: number, v: PendingVisit): void {
  const list = pendingVisits(userId).filter((p) => p.body.clientId !== v.body.clientId);
  write(key(userId), [...list, v]);
}

export function discardVisit(userId: number, clientId: string): void {
  write(key(userId), pendingVisits(userId).filter((p) => p.body.clientId !== clientId));
}

export function loadDraft<T>(userId: number, householdId: number): T | null {
  return read<T | null>(draftKey(userId, householdId), null);
}

export function saveDraft(userId: number, householdId: number, draft: unknown): void {
  write(draftKey(userId, householdId), draft);
}

export function clearDraft(userId: number, householdId: number): void {
  write(draftKey(userId, householdId), null);
}

let sending: Promise<VisitRecorded[]> | null = null;

/**
 * Sends every waiting visit, oldest first. A lost connection stops the round (the rest wait for `online`); a
 * refusal is kept on the visit for the helper to see. Answers what was sent.
 */
export function flushOutbox(userId: number): Promise<VisitRecorded[]> {
  if (sending) return sending;
  sending = (async () => {
    const sent: VisitRecorded[] = [];
    for (const p of pendingVisits(userId)) {
      if (p.error) continue;
      try {
        sent.push(await assistanceApi.recordVisit(p.householdId, p.body));
        discardVisit(userId, p.body.clientId);
      } catch (err) {
        if (!(err instanceof ApiError) || err.code === 'NETWORK' || err.status >= 500 || err.status === 0) break;
        if (err.status === 401 || (err.status === 403 && err.code === 'CSRF_INVALID')) break;
        const list = pendingVisits(userId).map((q) => (q.body.clientId === p.body.clientId ? { ...q, error: { code: err.code, message: err.message } } : q));
        write(key(userId), list);
      }
    }
    return sent;
  })().finally(() => {
    sending = null;
  });
  return sending;
}

/** A UUID made on the phone (crypto.randomUUID needs a secure context; the fallback is RFC 4122 v4 too). */
export function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
