import { describe, expect, it } from 'vitest';
import { withConnectSources } from './clusterCsp';

describe('withConnectSources', () => {
  const policy = "default-src 'self'; connect-src 'self'; img-src 'self' data:";

  it('adds the other nodes to connect-src only', () => {
    expect(withConnectSources(policy, ['http://127.0.0.1:3001', 'ws://127.0.0.1:3001'])).toBe(
      "default-src 'self'; connect-src 'self' http://127.0.0.1:3001 ws://127.0.0.1:3001; img-src 'self' data:",
    );
  });

  it('leaves the policy as it is with one node, without connect-src, or with the sources there already', () => {
    expect(withConnectSources(policy, [])).toBe(policy);
    expect(withConnectSources("default-src 'self'", ['http://a:1'])).toBe("default-src 'self'");
    expect(withConnectSources("connect-src 'self' http://a:1", ['http://a:1'])).toBe("connect-src 'self' http://a:1");
  });
});
