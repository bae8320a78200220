import { readFileSync } from "node:fs";
import { InputError } from "./errors.js";

/** A UTF-8 file's text; `argument` names the path in the error. @throws InputError when it cannot be read. */
export function readTextFile(path: string, argument: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new InputError(
      argument,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      path,
    );
  }
}
