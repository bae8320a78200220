import { randomInt } from "node:crypto";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** 29 random `[A-Za-z0-9]` characters, as the real server's credential generator makes them. */
export const generateCredential = () => Array.from({ length: 29 }, () => ALNUM[randomInt(ALNUM.length)]).join("");
