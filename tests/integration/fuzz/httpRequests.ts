/**
 * Malformed HTTP requests for every route the app registers: bad ids and traversal in the path, odd
 * query strings, bodies that are not JSON, JSON of the wrong shape, wrong content types, oversized
 * bodies, garbage cookies; each from a seeded generator (see tests/support/fuzz.ts).
 */
import type { ApiRequest } from '../../support/apiClient';
import type { Actor } from '../../support/actors';
import { brokenJson, mutate, nastySegment, nastyStrings, nastyValue, percentEncode, type Rng } from '../../support/fuzz';

/** Real ids of things that exist, so that some requests get past "not found" to the rules and the body. */
export interface KnownIds {
  sessions: string[];
  captures: string[];
  cases: string[];
  ratingTokens: string[];
  matterId: number;
}

/** One well-formed body per route that takes one (mutated before sending). */
function sampleBody(rng: Rng, route: string, ids: KnownIds): unknown {
  const samples: Record<string, unknown> = {
    // A different unknown name each time: one name tried again and again is slowed down on purpose (up to 8 s).
    'POST /api/auth/sign-in': { username: `fuzz.${rng.int(1_000_000)}`, password: 'wrong-password' },
    'POST /api/sessions': { citizenName: '陈先生', citizenIdNumber: '330482198803151235', citizenPhone: '13800138000', homeJurisdictionCode: '330482', matterId: ids.matterId },
    'POST /api/sessions/:id/cancel': { reason: '群众离开' },
    'POST /api/sessions/:id/end': { reason: '办理完毕' },
    'POST /api/captures/:id/review': { status: 'recapture_requested', reason: '模糊' },
    'POST /api/sessions/:id/identity': { verdict: 'not_verified', reason: '人证不符' },
    'POST /api/sessions/:id/case': { captureIds: ids.captures },
    'POST /api/cases/:id/decision': { action: 'supplement', items: [{ material: '身份证', note: '' }] },
    'POST /api/public/ratings/:token': { level: 1, reasons: ['attitude'], comment: '' },
    'POST /api/follow-ups/:id/steps': { step: 'return_call', calledOn: '2026-11-30', outcome: '已回访' },
    'POST /api/ratings/:id/appeals': { reason: '网络问题' },
    'POST /api/appeals/:id/decision': { decision: 'upheld', note: '' },
    'PUT /api/admin/webhooks/:code': { url: 'https://hooks.example.gov.cn/vwindow' },
    'PUT /api/admin/calendar/:date': { kind: 'holiday', name: '测试' },
  };
  return samples[route] ?? {};
}

const queryKeys = ['jurisdiction', 'status', 'matter', 'due', 'period', 'number', 'idLast4', 'actor', 'entityType', 'entityId', 'from', 'until', '__proto__', 'x'];
const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=utf-16',
  'application/jsonp',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'image/jpeg',
  'application/pdf',
  '*/*',
];

function paramValue(rng: Rng, name: string, path: string, ids: KnownIds): string {
  const real =
    name === 'token'
      ? ids.ratingTokens
      : name === 'code'
        ? ['321200', '999999'] // 泰州 has no cases here: a webhook set for it is never called
        : name === 'date'
          ? ['2031-01-03', '2031-02-29']
          : path.startsWith('/api/sessions/')
            ? ids.sessions
            : path.startsWith('/api/captures/')
              ? ids.captures
              : path.startsWith('/api/cases/')
                ? ids.cases
                : ['1', '2', '3'];
  return rng.chance(0.5) ? rng.pick(real) : nastySegment(rng, real);
}

function query(rng: Rng): string {
  const pairs = Array.from({ length: 1 + rng.int(3) }, () => `${percentEncode(rng.pick(queryKeys))}=${rng.chance(0.3) ? nastySegment(rng, ['7d', 'soon', '1']) : percentEncode(rng.pick(nastyStrings))}`);
  return `?${pairs.join('&')}`;
}

export interface FuzzRequest extends Omit<ApiRequest, 'cookie'> {
  actor: Actor | 'garbage-cookie';
}

/** One malformed request for `route` (`METHOD /api/path/:param`). */
export function malformedRequest(rng: Rng, route: string, ids: KnownIds, actors: readonly Actor[]): FuzzRequest {
  const [declaredMethod, template] = route.split(' ') as [string, string];
  let path = template.replace(/:(\w+)/g, (_m, name: string) => paramValue(rng, name, template, ids));
  if (rng.chance(0.3)) path += query(rng);
  // Now and then the wrong method, or a path that wanders off.
  const method = rng.chance(0.05) ? rng.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) : declaredMethod;
  if (rng.chance(0.03)) path += rng.pick(['/', '//', '/..', '/%2e%2e/%2e%2e/etc/passwd', '/x'.repeat(2000)]);
  // Signing out with an actor's cookie would end that sign-in for the rest of the run.
  const actor: FuzzRequest['actor'] = rng.chance(0.08) || route.endsWith('/sign-out') ? 'garbage-cookie' : rng.pick(actors);
  const request: FuzzRequest = { method, path, actor };
  if (rng.chance(0.05)) request.origin = rng.pick([null, 'null', 'https://evil.example']);

  if (route === 'POST /api/sessions/:id/captures') {
    const bytes = new Uint8Array(rng.int(3) === 0 ? 0 : 1 + rng.int(4096)).map(() => rng.int(256));
    if (bytes.length >= 4 && rng.chance(0.3)) bytes.set([0xff, 0xd8, 0xff, 0xe0]);
    const headers: Record<string, string> = {
      'content-type': rng.pick([...contentTypes, 'image/png', 'image/jpeg']),
      'x-capture-material': rng.chance(0.5) ? rng.pick(['other', '1', '2']) : percentEncode(rng.pick(nastyStrings).slice(0, 100)),
      'x-capture-kind': rng.pick(['still', 'upload', 'video', '', 'STILL']),
    };
    if (rng.chance(0.2)) delete headers[rng.pick(Object.keys(headers))];
    request.raw = { body: bytes, headers };
    return request;
  }

  const takesBody = declaredMethod !== 'GET' && declaredMethod !== 'DELETE';
  const sample = sampleBody(rng, route, ids);
  const roll = rng.next();
  if (!takesBody && roll < 0.8) return request;
  if (roll < 0.5) request.json = mutate(rng, sample);
  else if (roll < 0.7) request.raw = { body: brokenJson(rng, sample), headers: { 'content-type': 'application/json' } };
  else if (roll < 0.8) request.raw = { body: JSON.stringify(rng.chance(0.5) ? sample : nastyValue(rng)), headers: { 'content-type': rng.pick(contentTypes) } };
  else if (roll < 0.87) return request;
  else if (roll < 0.9) request.raw = { body: JSON.stringify({ ...(sample as object), padding: 'x'.repeat(70 * 1024) }), headers: { 'content-type': 'application/json' } };
  else if (roll < 0.95) request.raw = { body: new Uint8Array(1 + rng.int(2048)).map(() => rng.int(256)), headers: { 'content-type': 'application/json' } };
  else request.json = sample;
  return request;
}
