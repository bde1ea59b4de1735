import { ProblemError } from '../problem.js';

/**
 * Which passwords are refused beyond the length rule, after NIST SP 800-63B §5.1.1.2: passwords
 * from lists of common or breached ones, repetitive or sequential characters, and context-specific
 * words (the service's name, the user's email and name). No composition rules, no expiry.
 *
 * The list is ours, kept short and in source: the words people build passwords from (English and
 * Vietnamese), keyboard walks and counting runs. A word with digits or symbols added ("password12",
 * "safemap2024!") is the word: what is left after taking out the known words, the context words,
 * digits and symbols must be at least 4 letters that are not themselves a run or a repetition.
 */

/** Words passwords are commonly built from (folded: lower case, no diacritics, no spaces): */
// the perennial top of breach lists, then Vietnamese words and names people use
const COMMON_WORDS = `
  password passwd pass passw0rd p@ssword pa55word admin administrator root user login welcome letmein secret
  master access default guest test testing demo changeme trustno1 iloveyou loveyou love princess sunshine
  shadow monkey dragon football baseball soccer hockey superman batman starwars pokemon naruto mustang michael
  jennifer jordan hunter ranger buster tigger charlie thomas robert daniel jessica ashley nicole matthew andrew
  joshua killer cheese computer internet whatever freedom flower hello hellohello summer winter spring autumn
  biteme maggie ginger pepper cookie chocolate banana orange apple samsung google facebook zalo yahoo gmail
  hotmail email mail qwerty azerty asdf zxcv abc abcd abcdef xyz aaaa number secure security system server
  database account mypassword newpassword oldpassword matkhau khau
  anhyeuem emyeuanh yeuem yeuanh iloveu toiyeuem vietnam viet saigon hochiminh danang haiphong thudo hoguom
  hoankiem badinh tayho caugiay dongda longbien nguyen tran pham hoang huynh phan dang bui ngo duong minh anh
  linh huong trang thao ngoc hung tuan dung thanh long nam hoa mai lan quang duc phuong thu ha hanh khanh huy
  trung hieu vinh son covid corona vaccine vacxin yte benhvien suckhoe antoan baove ditich
`
  .trim()
  .split(/\s+/);

/** Keyboard rows and counting runs: any 4 characters of these, forwards or backwards, are a run. */
const RUNS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc'];

/** Words of the service and the place that anyone guessing would try first. */
const SERVICE_WORDS = ['safemap', 'safe', 'map', 'hanoi', 'hn', 'bandoantoan', 'bando', 'covid19'];

/** Lower case, no diacritics, đ as d: the form every comparison uses. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase();
}

/** Undoes the usual letter-for-symbol swaps (p@ssw0rd → password). */
const unLeet = (s: string) =>
  s.replace(/[@4]/g, 'a').replace(/3/g, 'e').replace(/[1!|]/g, 'i').replace(/0/g, 'o').replace(/[5$]/g, 's');

/** The whole string is one unit repeated (`aaaaaaaaaa`, `abcabcabc`, `1212121212`) or two characters. */
function isRepetition(s: string): boolean {
  for (let n = 1; n <= s.length / 2; n++) {
    if (s.length % n === 0 && s.slice(0, n).repeat(s.length / n) === s) return true;
  }
  return s.length >= 6 && new Set(s).size <= 2;
}

/** The whole string (at least 3 characters) is a keyboard or counting run, either way. */
function isRun(s: string): boolean {
  if (s.length < 3) return false;
  return RUNS.some((run) => run.includes(s) || [...run].reverse().join('').includes(s));
}

/** Removes every occurrence of the words, longest first. */
function without(s: string, words: string[]): string {
  let out = s;
  for (const w of [...words].sort((a, b) => b.length - a.length)) if (w.length >= 2) out = out.split(w).join(' ');
  return out;
}

export interface PasswordContext {
  email?: string;
  displayName?: string | null;
}

export type WeakReason = 'common' | 'repetitive' | 'sequence' | 'context';

/**
 * Why `password` is too easy to guess, or undefined when it is acceptable. The length rule is the
 * schema's; this judges what the characters are.
 */
export function weakPassword(password: string, context: PasswordContext = {}): WeakReason | undefined {
  const folded = fold(password).replace(/\s+/g, '');
  if (isRepetition(folded)) return 'repetitive';
  if (isRun(folded)) return 'sequence';
  const email = fold(context.email ?? '');
  const local = email.split('@')[0] ?? '';
  const contextWords = [
    ...SERVICE_WORDS,
    email,
    local,
    // the email's local part and name in pieces (lan.nguyen, Cửa hàng Hoa Mai)
    ...local.split(/[^a-z0-9]+/),
    ...fold(context.displayName ?? '').split(/\s+/),
    fold(context.displayName ?? '').replace(/\s+/g, ''),
  ].filter((w) => w.length >= 3 || SERVICE_WORDS.includes(w));
  if (email && (folded === email || folded === local || folded.includes(email))) return 'context';
  for (const candidate of new Set([folded, unLeet(folded)])) {
    if (rest(candidate, []) < 4) return 'sequence';
    if (rest(candidate, contextWords) < 4) return 'context';
    if (rest(candidate, [...COMMON_WORDS, ...contextWords]) < 4) return 'common';
  }
  return undefined;
}

/**
 * How many characters of `s` are left to guess once the words are taken out, and with them runs,
 * one character repeated, and numbers of up to 4 digits (years, "123"): `password12` leaves 0.
 */
function rest(s: string, words: string[]): number {
  const tokens = without(s, words).match(/[a-z]+|[0-9]+|[^a-z0-9 ]+/g) ?? [];
  return tokens
    .filter((t) => !isRun(t) && !(t.length > 1 && new Set(t).size === 1) && !/^\d{1,4}$/.test(t))
    .reduce((n, t) => n + t.length, 0);
}

/** What the refusal says, in Vietnamese first and English. */
export const WEAK_PASSWORD_MESSAGES: Record<WeakReason, { vi: string; en: string }> = {
  common: {
    vi: 'Mật khẩu này quá phổ biến, dễ bị đoán. Hãy dùng một cụm vài từ không liên quan.',
    en: 'This password is too common and easy to guess. Use a phrase of a few unrelated words.',
  },
  repetitive: {
    vi: 'Mật khẩu chỉ lặp lại vài ký tự. Hãy dùng một cụm vài từ không liên quan.',
    en: 'This password only repeats a few characters. Use a phrase of a few unrelated words.',
  },
  sequence: {
    vi: 'Mật khẩu là một dãy ký tự liên tiếp (như 123456 hoặc qwerty). Hãy dùng một cụm vài từ không liên quan.',
    en: 'This password is a run of characters (like 123456 or qwerty). Use a phrase of a few unrelated words.',
  },
  context: {
    vi: 'Mật khẩu không được dựa trên email, tên của bạn, hay tên dịch vụ (safemap, Hà Nội).',
    en: 'The password must not be built from your email, your name or the service (safemap, Hanoi).',
  },
};

/** 422 naming the field when `password` is too easy to guess; the detail in Vietnamese, then English. */
export function requireStrongPassword(password: string, context: PasswordContext, path: string): void {
  const reason = weakPassword(password, context);
  if (!reason) return;
  const { vi, en } = WEAK_PASSWORD_MESSAGES[reason];
  throw new ProblemError(422, `${vi} — ${en}`, [{ path, message: en, code: 'weak_password', params: { reason } }]);
}
