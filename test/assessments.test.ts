import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { QUESTIONNAIRE_2194 } from '../domain/rules/assessment/questionnaire-2194.js';
import { scoreAnswers } from '../domain/rules/assessment/score.js';
import { DEFAULT_VALID_DAYS } from '../domain/rules/assessment/validity.js';
import { tileOf } from '../tiles/tile-math.js';
import { decodeTile } from './decode-tile.js';
import { ENGINES, HANOI_DATA_DIR, openTestDb, pointInWard, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';
import { decodeQrPng } from './qr.js';

const PASSWORD = 'assessment password 1';
const DAY = 86_400_000;
const WARD = '00004'; // Ba Đình (district 001)
const OTHER_WARD = '00301'; // Hoàng Mai
const ORIGIN = 'http://safemap.test';

/** Every criterion answered with its option at `pick` (clamped): index 0 is the safest. */
const answersAt = (pick: number) =>
  Object.fromEntries(
    QUESTIONNAIRE_2194.criteria.map((c) => [c.id, c.options[Math.min(pick, c.options.length - 1)].id]),
  );

describe.skipIf(!HANOI_DATA_DIR).each(ENGINES)('business self-assessment on %s', (engine) => {
  let db: TestDb;
  let clock = Date.parse('2022-03-01T02:00:00Z');
  let app: ReturnType<typeof createApp>;
  let clientA: Client;
  let clientB: Client;
  let premisesA: string;
  let premisesB: string;
  let pointA: [number, number];
  let wardOfficer: Client;
  let otherWardOfficer: Client;
  const register = async (client: Client, point: [number, number], name: string) => {
    const res = await client.send('POST', '/api/premises', {
      name,
      taxCode: '0101234567',
      sector: 'restaurant',
      address: '12 Phố Hàng Bông',
      lon: point[0],
      lat: point[1],
      workers: 30,
      floorAreaM2: 120,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()).id as string;
  };
  const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM assessments'))[0].n;
  const businessesTile = async (point: [number, number]) => {
    const [z, x, y] = tileOf(point[0], point[1], 14);
    const res = await app.request(`/tiles/businesses/${z}/${x}/${y}.mvt`);
    if (res.status === 204) return [];
    expect(res.status).toBe(200);
    return decodeTile(new Uint8Array(await res.arrayBuffer())).businesses ?? [];
  };

  /** Sessions idle out after 14 days of the same clock: after moving it by months, sign in again. */
  const signInAll = async () => {
    await clientA.login('a@quan.vn', PASSWORD);
    await clientB.login('b@quan.vn', PASSWORD);
    await wardOfficer.login('ward@hanoi.gov.vn', PASSWORD);
    await otherWardOfficer.login('hm@hanoi.gov.vn', PASSWORD);
  };

  beforeAll(async () => {
    db = await openTestDb(engine);
    await importHanoi(db, HANOI_DATA_DIR as string);
    app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, now: () => clock, publicUrl: ORIGIN });
    await seedAccount(db, 'a@quan.vn', 'business', null, PASSWORD);
    await seedAccount(db, 'b@quan.vn', 'business', null, PASSWORD);
    await seedAccount(db, 'ward@hanoi.gov.vn', 'ward_officer', { level: 'ward', code: WARD }, PASSWORD);
    await seedAccount(db, 'hm@hanoi.gov.vn', 'ward_officer', { level: 'ward', code: OTHER_WARD }, PASSWORD);
    clientA = new Client(app);
    clientB = new Client(app);
    wardOfficer = new Client(app);
    otherWardOfficer = new Client(app);
    await signInAll();
    pointA = await pointInWard(db, WARD);
    premisesA = await register(clientA, pointA, 'Quán Phở Hàng Bông');
    premisesB = await register(clientB, await pointInWard(db, OTHER_WARD), 'Quán Bún Hoàng Mai');
  });
  afterAll(() => db?.dispose());

  it("keeps A's draft from B: B can neither read, overwrite nor submit for A's premises", async () => {
    const draft = { answers: { CS1: 'lt50', CS2: 'ge1' } };
    expect((await clientA.send('PUT', `/api/premises/${premisesA}/draft`, draft)).status).toBe(200);
    const read = await clientB.send('GET', `/api/premises/${premisesA}/draft`);
    expect(read.status).toBe(403);
    expect(JSON.stringify(await read.json())).not.toContain('lt50');
    expect((await clientB.send('PUT', `/api/premises/${premisesA}/draft`, draft)).status).toBe(403);
    expect(
      (await clientB.send('POST', `/api/premises/${premisesA}/assessments`, { answers: answersAt(0) })).status,
    ).toBe(403);
    // nor can an official read it: a draft is the business's own until submitted
    expect((await wardOfficer.send('GET', `/api/premises/${premisesA}/draft`)).status).toBe(403);
    expect(await (await clientA.send('GET', `/api/premises/${premisesA}/draft`)).json()).toMatchObject(draft);
    expect(await count()).toBe(0);
  });

  it('refuses missing, unknown and out-of-range answers with a field error each, writing nothing', async () => {
    const partial = { ...answersAt(0) } as Record<string, string>;
    delete partial.CS3;
    partial.CS5 = 'maybe';
    partial.CS99 = 'good';
    const res = await clientA.send('POST', `/api/premises/${premisesA}/assessments`, { answers: partial });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.type).toBe('/api/problems/validation-error');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.answers.CS3', code: 'missing' }),
        expect.objectContaining({ path: 'body.answers.CS5', code: 'unknown_option' }),
        expect.objectContaining({ path: 'body.answers.CS99', code: 'unknown_criterion' }),
      ]),
    );
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts/);
    const draftRes = await clientA.send('PUT', `/api/premises/${premisesA}/draft`, { answers: { CS5: 'maybe' } });
    expect(draftRes.status).toBe(422);
    const stale = await clientA.send('POST', `/api/premises/${premisesA}/assessments`, {
      answers: answersAt(0),
      questionnaireVersion: 99,
    });
    expect(stale.status).toBe(409);
    expect(await count()).toBe(0);
  });

  it('scores on the server with the shared module, keeps history and supersedes the earlier assessment', async () => {
    const answers = answersAt(1);
    const expected = scoreAnswers(QUESTIONNAIRE_2194, answers);
    const res = await clientA.send('POST', `/api/premises/${premisesA}/assessments`, {
      answers,
      questionnaireVersion: QUESTIONNAIRE_2194.version,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const first = await res.json();
    expect(first).toMatchObject({
      points: expected.points,
      riskIndex: expected.riskIndex,
      riskClass: expected.riskClass,
      status: 'valid',
      questionnaire: { id: '2194', version: 1 },
    });
    expect(Date.parse(first.validUntil) - Date.parse(first.submittedAt)).toBe(
      DEFAULT_VALID_DAYS[expected.riskClass] * DAY,
    );
    expect(first.certificateCode).toMatch(/^HN-[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    // submitting cleared the draft
    expect(await (await clientA.send('GET', `/api/premises/${premisesA}/draft`)).json()).toBeNull();

    clock += DAY;
    const second = await (
      await clientA.send('POST', `/api/premises/${premisesA}/assessments`, { answers: answersAt(0) })
    ).json();
    expect(second.riskClass).toBe('very_low');
    const history = (await (await clientA.send('GET', `/api/premises/${premisesA}/assessments`)).json()).assessments;
    expect(history.map((h: { id: string; status: string }) => [h.id, h.status])).toEqual([
      [second.id, 'valid'],
      [first.id, 'superseded'],
    ]);
    expect((await (await app.request(`/api/verify/${first.certificateCode}`)).json()).status).toBe('superseded');
    const audit = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'assessment.submit'`,
    );
    expect(audit[0].n).toBe(2);
    // the ward officer reads the history (not the draft); the Hoàng Mai officer cannot
    expect((await wardOfficer.send('GET', `/api/premises/${premisesA}/assessments`)).status).toBe(200);
    expect((await otherWardOfficer.send('GET', `/api/premises/${premisesA}/assessments`)).status).toBe(403);
  });

  it('publishes the latest class on the businesses tile and shows it expired once valid-until passes', async () => {
    const [feature] = (await businessesTile(pointA)).filter((f) => f.properties.id === premisesA);
    expect(feature?.properties).toMatchObject({ name: 'Quán Phở Hàng Bông', risk_class: 'very_low', status: 'valid' });
    const card = await (await app.request(`/api/businesses/${premisesA}`)).json();
    expect(card).toMatchObject({ riskClass: 'very_low', status: 'valid', sector: 'restaurant' });
    expect(card).not.toHaveProperty('taxCode');
    expect((await (await app.request('/api/businesses?q=pho hang bong')).json()).businesses[0].premisesId).toBe(
      premisesA,
    );

    clock = Date.parse(card.validUntil) + 1000;
    await signInAll();
    const [expired] = (await businessesTile(pointA)).filter((f) => f.properties.id === premisesA);
    expect(expired?.properties).toMatchObject({ risk_class: 'very_low', status: 'expired' });
    expect((await (await app.request(`/api/businesses/${premisesA}`)).json()).status).toBe('expired');
    const officials = async (query: string) =>
      ((await (await wardOfficer.send('GET', `/api/premises?${query}`)).json()).premises as { id: string }[]).map(
        (p) => p.id,
      );
    expect(await officials('state=expired')).toEqual([premisesA]);
    expect(await officials('state=valid')).toEqual([]);
    expect(await officials('class=very_low')).toEqual([premisesA]);
    expect(await officials('class=high')).toEqual([]);
  });

  it('encodes the verification URL in the certificate QR code, which answers without login and shows no private data', async () => {
    clock = Date.parse('2022-06-01T02:00:00Z');
    await signInAll();
    const b = await (
      await clientB.send('POST', `/api/premises/${premisesB}/assessments`, { answers: answersAt(2) })
    ).json();
    const html = await (await app.request(`/certificate/${b.certificateCode}`)).text();
    expect(html).toContain('Quán Bún Hoàng Mai');
    expect(html).toContain(`/certificate/${b.certificateCode}/qr.png`);
    const png = await app.request(`/certificate/${b.certificateCode}/qr.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    const decoded = decodeQrPng(new Uint8Array(await png.arrayBuffer()));
    expect(decoded).toBe(`${ORIGIN}/verify/${b.certificateCode}`);

    const verifyPath = new URL(decoded as string).pathname;
    const page = await app.request(verifyPath); // no cookie
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('data-status="valid"');
    expect(text).toContain('Quán Bún Hoàng Mai');
    expect(text).not.toContain('0101234567'); // tax code
    expect(text).not.toContain('b@quan.vn');
    expect((await app.request('/verify/HN-NOPE')).status).toBe(400);
    expect((await app.request('/verify/HN-22222-22222')).status).toBe(404);
  });

  it('lets an official in scope flag an assessment (audited, shown to the business) and nobody else', async () => {
    const [latest] = (await (await clientB.send('GET', `/api/premises/${premisesB}/assessments`)).json()).assessments;
    const body = { note: 'Kiểm tra thực tế khu bếp' };
    expect((await wardOfficer.send('PUT', `/api/assessments/${latest.id}/flag`, body)).status).toBe(403);
    expect((await clientB.send('PUT', `/api/assessments/${latest.id}/flag`, body)).status).toBe(403);
    expect((await otherWardOfficer.send('PUT', `/api/assessments/${latest.id}/flag`, { note: '' })).status).toBe(422);
    const flagged = await otherWardOfficer.send('PUT', `/api/assessments/${latest.id}/flag`, body);
    expect(flagged.status).toBe(200);
    const own = (await (await clientB.send('GET', `/api/premises/${premisesB}/assessments`)).json()).assessments[0];
    expect(own.flag).toMatchObject({ note: 'Kiểm tra thực tế khu bếp' });
    const [mine] = (await (await clientB.send('GET', '/api/premises')).json()).premises;
    expect(mine.latest.flagged).toBe(true);
    const ids = (await (await otherWardOfficer.send('GET', '/api/premises?state=flagged')).json()).premises.map(
      (p: { id: string }) => p.id,
    );
    expect(ids).toEqual([premisesB]);
    const [row] = await db.query<{ actor_email: string; after: { flag: { note: string } } }>(
      `SELECT actor_email, after FROM audit_log WHERE action = 'assessment.flag'`,
    );
    expect(row).toMatchObject({ actor_email: 'hm@hanoi.gov.vn', after: { flag: { note: body.note } } });
    expect((await otherWardOfficer.send('DELETE', `/api/assessments/${latest.id}/flag`)).status).toBe(200);
    expect(
      (await (await clientB.send('GET', `/api/premises/${premisesB}/assessments`)).json()).assessments[0].flag,
    ).toBeNull();
  });

  it('takes the validity periods per class from the deployment', async () => {
    const shortApp = createApp(db, {
      passwordParams: TEST_PASSWORD_PARAMS,
      now: () => clock,
      assessmentValidDays: { ...DEFAULT_VALID_DAYS, medium: 3 },
    });
    const client = new Client(shortApp);
    await client.login('b@quan.vn', PASSWORD);
    const answers = answersAt(1);
    expect(scoreAnswers(QUESTIONNAIRE_2194, answers).riskClass).toBe('medium');
    const res = await (await client.send('POST', `/api/premises/${premisesB}/assessments`, { answers })).json();
    expect(Date.parse(res.validUntil) - Date.parse(res.submittedAt)).toBe(3 * DAY);
  });
});
