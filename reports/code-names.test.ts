import { describe, expect, it } from "vitest";
import { siteCodeNames } from "./code-names.js";

describe("the code names the site shows", () => {
  it("gives the lifecycle's stages in their order and the channels in the segments' order, named in Russian", () => {
    const { stages, channels } = siteCodeNames();
    expect(stages.map((s) => s.name)).toEqual(["без покупок", "новички", "развивающиеся", "лояльные", "предотток", "отток", "вернувшиеся"]);
    expect(stages[4]).toEqual({ code: "pre_churn", name: "предотток" });
    expect(channels).toEqual([
      { code: "push", name: "push-уведомление" }, { code: "messenger", name: "мессенджер" }, { code: "email", name: "e-mail" }, { code: "sms", name: "SMS" },
    ]);
  });

  it("names every registration channel the feeds know, once", () => {
    expect(siteCodeNames().registration_channels).toEqual([
      { code: "till", name: "касса" }, { code: "app", name: "приложение" }, { code: "site", name: "сайт" },
      { code: "online_form", name: "онлайн-анкета" }, { code: "wallet", name: "электронный кошелёк" }, { code: "import", name: "импорт" },
    ]);
  });
});
