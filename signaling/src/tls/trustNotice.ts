/** The one paragraph printed at start-up when the port uses the local CA: where it is, how a hall PC trusts it. */
import { CA_CERTIFICATE_FILE_NAME, CA_CERTIFICATE_PATH } from '../protocol/network';

export interface TrustNoticeInput {
  caFile: string;
  names: readonly string[];
  port: number;
}

export function trustNotice({ caFile, names, port }: TrustNoticeInput): string {
  const shown = names.filter((n) => n !== 'localhost' && n !== '127.0.0.1');
  const example = shown[0] ?? 'localhost';
  const host = example.includes(':') ? `[${example}]` : example;
  const origin = `https://${host}${port === 443 ? '' : `:${port === 0 ? '<port>' : port}`}`;
  return [
    `HTTPS uses this server's own certificate authority (CA): ${caFile}`,
    `(server certificate for ${shown.join(', ') || 'localhost'}).`,
    'Every hall PC must trust this CA once, or its browser refuses the page and gives no camera:',
    `download it from the sign-in page (${origin}${CA_CERTIFICATE_PATH}, 下载本系统根证书) or copy the file, then`,
    'on Windows (Chromium / Edge) double-click it → 安装证书 → 本地计算机 → 将所有的证书都放入下列存储 →',
    `受信任的根证书颁发机构 (or, as administrator: certutil -addstore -f Root ${CA_CERTIFICATE_FILE_NAME});`,
    `on 统信 UOS / 麒麟 Kylin desktops: sudo cp ${CA_CERTIFICATE_FILE_NAME} /usr/local/share/ca-certificates/ &&`,
    'sudo update-ca-certificates, and for Chromium-based browsers also import it under',
    `设置 → 隐私和安全 → 安全 → 管理证书 → 授权机构 (or: certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n vwindow -i ${CA_CERTIFICATE_FILE_NAME});`,
    'then restart the browser and open the page by one of the names above.',
  ].join('\n');
}
