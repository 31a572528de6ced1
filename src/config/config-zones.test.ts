import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { parseConfig } from "./config.js";

describe("the config's time zone, locale and currency", () => {
  it("default to Moscow, ru-RU and roubles, and take other valid values", () => {
    expect(parseConfig({})).toMatchObject({ timeZone: "Europe/Moscow", locale: "ru-RU", currency: "RUB" });
    expect(parseConfig({ timeZone: "Asia/Yekaterinburg", locale: "kk-KZ", currency: "KZT" })).toMatchObject({ timeZone: "Asia/Yekaterinburg", locale: "kk-KZ", currency: "KZT" });
    expect(parseConfig({ timeZone: "UTC" }).timeZone).toBe("UTC");
  });

  it("reject a name that is not an IANA zone, naming the key, instead of a RangeError later", () => {
    expect(() => parseConfig({ timeZone: "Moscow" }, "loyalty.config.yaml")).toThrow(ConfigError);
    expect(() => parseConfig({ timeZone: "Moscow" }, "loyalty.config.yaml")).toThrow('loyalty.config.yaml: "timeZone" must be an IANA time zone such as Europe/Moscow');
    expect(() => parseConfig({ timeZone: "MSK+3" })).toThrow(/"timeZone" must be an IANA time zone/);
  });

  it("reject a malformed or unknown locale and a currency Intl cannot format", () => {
    for (const locale of ["ru_RU", "Russian", "xx-YY", ""]) expect(() => parseConfig({ locale }), locale).toThrow(/"locale" must be a locale such as ru-RU/);
    for (const currency of ["R1B", "$$$"]) expect(() => parseConfig({ currency }), currency).toThrow(/"currency" must be an ISO 4217 currency code such as RUB/);
    expect(() => parseConfig({ currency: "RUBL" })).toThrow(/"currency"/);
  });
});
