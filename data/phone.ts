/** Vietnamese numbers: 1022-style hotlines, landlines and mobiles, with spaces, dots or dashes. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 .-]{2,18}[0-9]$/;
