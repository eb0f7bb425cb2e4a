import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { isAllowlistEntry, WebhookTargets } from './webhookTargets';

async function refusal(targets: WebhookTargets, url: string): Promise<string | null> {
  try {
    await targets.check(url);
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
}

describe('webhook targets', () => {
  it('takes host names, addresses and CIDR ranges in the allowlist', () => {
    for (const entry of ['10.1.2.0/24', 'fd00::/8', '192.168.1.5', '::1', 'cases.home.gov.cn', 'localhost']) expect(isAllowlistEntry(entry)).toBe(true);
    for (const entry of ['10.1.2.0/33', 'fe80::/129', 'http://x', 'a_b.example', '/24', '']) expect(isAllowlistEntry(entry)).toBe(false);
  });

  it('refuses http, loopback, link-local, private, unspecified, multicast and mapped addresses', async () => {
    const targets = new WebhookTargets();
    const refused = {
      'http://93.184.215.14/hook': 'WEBHOOK_HTTP_REFUSED',
      'ftp://93.184.215.14/hook': 'WEBHOOK_HTTP_REFUSED',
      'https://127.0.0.1/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://2130706433/': 'WEBHOOK_ADDRESS_REFUSED', // 127.0.0.1 written as a number
      'https://0x7f.1/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://169.254.169.254/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://10.0.0.1/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://172.31.255.1/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://192.168.0.1/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://0.0.0.0/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://224.0.0.1/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://[::]/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://[::1]/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://[fe80::1]/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://[fd12:3456::1]/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://[ff02::1]/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://[::ffff:169.254.169.254]/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://[::ffff:10.0.0.1]/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://[::127.0.0.1]/': 'WEBHOOK_ADDRESS_REFUSED',
      'https://localhost/': 'WEBHOOK_ADDRESS_REFUSED',
    };
    for (const [url, code] of Object.entries(refused)) expect({ url, code: await refusal(targets, url) }).toEqual({ url, code });
    expect(await refusal(targets, 'https://93.184.215.14/hook')).toBeNull();
    expect(await refusal(targets, 'https://[2001:4860:4860::8888]/hook')).toBeNull();
  });

  it('allows what the allowlist names, by range, address or host name, and http only when told', async () => {
    const targets = new WebhookTargets({ allowHttp: true, allowlist: ['10.1.2.0/24', '::1', 'localhost'] });
    expect(await refusal(targets, 'http://10.1.2.200/hook')).toBeNull();
    expect(await refusal(targets, 'https://[::ffff:10.1.2.9]/hook')).toBeNull();
    expect(await refusal(targets, 'https://10.1.3.1/hook')).toBe('WEBHOOK_ADDRESS_REFUSED');
    expect(await refusal(targets, 'https://[::1]/hook')).toBeNull();
    expect(await refusal(targets, 'https://localhost/hook')).toBeNull();
    expect(await refusal(targets, 'https://127.0.0.1/hook')).toBe('WEBHOOK_ADDRESS_REFUSED');
  });

  it('checks a host name inside the connection’s own lookup', async () => {
    const { lookup } = new WebhookTargets().connectionFor('https://localhost:9/hook');
    const error = await new Promise<unknown>((resolve) => lookup!('localhost', { all: true }, (e) => resolve(e)));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('WEBHOOK_ADDRESS_REFUSED');
    const allowed = new WebhookTargets({ allowlist: ['127.0.0.0/8'] }).connectionFor('https://localhost:9/hook');
    const found = await new Promise<unknown>((resolve) => allowed.lookup!('localhost', { all: true }, (e, addresses) => resolve(e ?? addresses)));
    expect(found).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });
});
