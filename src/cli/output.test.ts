import { describe, expect, it } from "vitest";
import { createOutput } from "./output.js";

describe("output.dateTime", () => {
  const moment = new Date("2026-10-01T21:30:45Z");

  it("shows a moment in the chain's time zone with its locale's format", () => {
    const output = createOutput("human", "ru-RU", "RUB", "Europe/Moscow");
    expect(output.timeZone).toBe("Europe/Moscow");
    expect(output.dateTime(moment)).toBe("02.10.2026, 00:30");
    expect(output.dateTime(moment, "second")).toBe("02.10.2026, 00:30:45");
  });

  it("follows the configured zone and locale, UTC when none is given", () => {
    expect(createOutput("human", "ru-RU", "RUB", "Asia/Vladivostok").dateTime(moment)).toBe("02.10.2026, 07:30");
    expect(createOutput("human", "en-GB").dateTime(moment)).toBe("01/10/2026, 21:30");
    expect(createOutput("human", "ru-RU").timeZone).toBe("UTC");
  });

  it("shows sizes in binary units with the locale's decimal mark", () => {
    const ru = createOutput("human", "ru-RU");
    expect([ru.bytes(512), ru.bytes(1536), ru.bytes(5 * 2 ** 30 + 2 ** 29)]).toEqual(["512 B", "1,5 KiB", "5,5 GiB"]);
    expect(createOutput("human", "en-GB").bytes(3 * 2 ** 20)).toBe("3.0 MiB");
  });
});
