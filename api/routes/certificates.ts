import { Hono } from 'hono';
import QRCode from 'qrcode';
import { type PublicBusiness, verifyCertificate } from '../../data/assessments.js';
import type { Db } from '../../data/db.js';
import { RISK_CLASS_LABELS, SECTOR_LABELS, STATUS_LABELS } from '../../domain/rules/assessment/labels.js';
import { RISK_CLASS_COLOURS, riskClassKey, TEXT_ON_RISK_CLASS } from '../../domain/rules/colours.js';
import type { AppEnv } from '../auth/session.js';
import { ProblemError } from '../problem.js';
import { type PublicUrlOptions, publicOrigin } from '../public-url.js';
import { CertificateCodeSchema } from './businesses.js';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );

const DATE = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short' });
const day = (iso: string) => DATE.format(new Date(iso));

const PAGE_STYLE = `
body { font: 16px/1.45 system-ui, "Noto Sans", sans-serif; color: #1b1b1b; margin: 0; background: #f4f4f2; }
main { max-width: 44rem; margin: 1.5rem auto; background: #fff; padding: 1.5rem 2rem; border: 1px solid #ccc; }
h1 { font-size: 1.35rem; margin: 0 0 .2rem; } .en { color: #555; font-size: .92em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 1rem 0; }
dt { color: #555; } dd { margin: 0; font-weight: 600; }
.badge { display: inline-block; padding: .15rem .6rem; border-radius: 1rem; border: 1px solid #0003; } .badge .en { color: inherit; }
.status { padding: .7rem 1rem; margin: 1rem 0; font-weight: 700; border-radius: .4rem; }
.status.valid { background: #e3f4e4; color: #17692b; } .status.expired, .status.superseded { background: #fbe3e1; color: #8f1d12; }
.qr { display: flex; gap: 1rem; align-items: center; margin-top: 1rem; } .qr img { width: 180px; height: 180px; image-rendering: pixelated; }
.code { font-family: ui-monospace, monospace; font-size: 1.1rem; letter-spacing: .05em; }
small { color: #555; }
@media print { body { background: #fff; } main { border: 2px solid #000; margin: 0; max-width: none; } }
`;

function page(title: string, body: string) {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>${PAGE_STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** Label in both languages, Vietnamese first. */
const both = (l: { vi: string; en: string }) => `${esc(l.vi)} <span class="en">/ ${esc(l.en)}</span>`;

function facts(b: PublicBusiness) {
  const key = riskClassKey(b.riskClass, b.status);
  return `<dl>
<dt>Cơ sở / Premises</dt><dd>${esc(b.name)}</dd>
<dt>Ngành / Sector</dt><dd>${both(SECTOR_LABELS[b.sector])}</dd>
<dt>Địa chỉ / Address</dt><dd>${esc(b.address)}, ${esc(b.ward.nameVi)}</dd>
<dt>Kết quả / Result</dt><dd><span class="badge" style="background:${RISK_CLASS_COLOURS[key]};color:${TEXT_ON_RISK_CLASS[key]}">${both(RISK_CLASS_LABELS[b.riskClass])}</span> · ${b.riskIndex.toFixed(2)}/100</dd>
<dt>Ngày đánh giá / Assessed</dt><dd>${day(b.submittedAt)}</dd>
<dt>Hiệu lực đến / Valid until</dt><dd>${day(b.validUntil)}</dd>
</dl>`;
}

function statusLine(b: PublicBusiness) {
  return `<p class="status ${b.status}" data-status="${b.status}">${both(STATUS_LABELS[b.status])}</p>`;
}

/**
 * The printable certificate and the public verification page of a self-assessment, both plain
 * HTML (no script: they print and open anywhere), and the certificate's QR code as PNG.
 */
export function certificateRoutes(db: Db, now: () => number, links: PublicUrlOptions = {}) {
  async function load(code: string) {
    const parsed = CertificateCodeSchema.safeParse(code);
    if (!parsed.success) {
      throw new ProblemError(400, `"${code}" is not a certificate code.`, [
        { path: 'path.code', message: parsed.error.issues[0].message, code: 'invalid_format' },
      ]);
    }
    const found = await verifyCertificate(db, parsed.data, new Date(now()));
    if (!found) throw new ProblemError(404, `There is no certificate ${code}.`);
    return found;
  }

  return new Hono<AppEnv>()
    .get('/verify/:code', async (c) => {
      const b = await load(c.req.param('code'));
      c.header('Cache-Control', 'no-store');
      return c.html(
        page(
          `Xác minh ${b.certificateCode}`,
          `<h1>Xác minh tự đánh giá an toàn COVID-19</h1><p class="en">COVID-19 safety self-assessment check</p>
${statusLine(b)}${facts(b)}
<p>Mã chứng nhận / Certificate code: <span class="code">${esc(b.certificateCode)}</span></p>
<small>Kết quả do cơ sở tự đánh giá theo Quyết định 2194/QĐ-BCĐQG, chấm điểm bởi hệ thống. / Self-assessed by the premises under Decision 2194/QĐ-BCĐQG, scored by the system.</small>`,
        ),
      );
    })
    .get('/certificate/:code/qr.png', async (c) => {
      const b = await load(c.req.param('code'));
      const { origin, fromRequest } = publicOrigin(c, links);
      const png = await QRCode.toBuffer(`${origin}/verify/${b.certificateCode}`, {
        type: 'png',
        errorCorrectionLevel: 'M',
        margin: 2,
        scale: 8,
      });
      c.header('Content-Type', 'image/png');
      // a code built from the request's Host stays in the asker's own cache, never a shared one
      c.header('Cache-Control', fromRequest ? 'private, max-age=86400' : 'public, max-age=86400');
      return c.body(new Uint8Array(png), 200);
    })
    .get('/certificate/:code', async (c) => {
      const b = await load(c.req.param('code'));
      const url = `${publicOrigin(c, links).origin}/verify/${b.certificateCode}`;
      c.header('Cache-Control', 'no-store');
      return c.html(
        page(
          `Chứng nhận ${b.certificateCode}`,
          `<h1>Giấy chứng nhận tự đánh giá an toàn COVID-19</h1>
<p class="en">COVID-19 safety self-assessment certificate</p>
${b.status === 'valid' ? '' : statusLine(b)}${facts(b)}
<div class="qr"><img src="/certificate/${esc(b.certificateCode)}/qr.png" alt="QR" data-testid="certificate-qr">
<div><p>Quét mã để xác minh tình trạng hiện tại<br><span class="en">Scan to check the current status</span></p>
<p class="code">${esc(b.certificateCode)}</p><small>${esc(url)}</small></div></div>`,
        ),
      );
    });
}
