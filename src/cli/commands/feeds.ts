/** `loyalty feeds [name]`: the feeds a chain sends, their columns, keys and merge rules, from the schema. */
import type { Command } from "commander";
import { feedColumns, feedKey, feedReferenceMarkdown, mergeRule } from "../../db/feed-reference.js";
import { FEEDS, FEED_NAMES, type FeedName } from "../../db/schema.js";
import { UsageError } from "../../errors.js";
import { createContext } from "../context.js";
import { textTable } from "../output.js";

export function registerFeeds(program: Command): void {
  program
    .command("feeds [name]")
    .description("the feeds the warehouse loads: their columns, types, what is required, accepted values, key and merge rule")
    .option("--markdown", "print the reference as Markdown (the feed reference of docs/operator.md)")
    .action((name: string | undefined, options: { markdown?: boolean }, command: Command) => {
      const { output } = createContext(command.optsWithGlobals());
      if (options.markdown) {
        process.stdout.write(`${feedReferenceMarkdown()}\n`);
        return;
      }
      if (name === undefined) {
        for (const feed of FEED_NAMES) output.event("feed", { feed, ...FEEDS[feed], key: feedKey(feed), merge: mergeRule(feed) });
        output.say(textTable(["feed", "key", "typical file", "what"], FEED_NAMES.map((f) => [f, feedKey(f), FEEDS[f].example, FEEDS[f].description])));
        output.say("\n`npx loyalty feeds <feed>` lists a feed's columns; `npx loyalty profile draft <file>` maps an export onto one.");
        return;
      }
      if (!FEED_NAMES.includes(name as FeedName)) throw new UsageError(`There is no feed "${name}" (feeds: ${FEED_NAMES.join(", ")})`);
      const feed = name as FeedName;
      const columns = feedColumns(feed);
      output.event("feed", { feed, key: feedKey(feed), merge: mergeRule(feed), columns });
      output.say(`${feed}: ${FEEDS[feed].description}\nkey: ${feedKey(feed)} · merge: ${mergeRule(feed)} · typical file: ${FEEDS[feed].example}\n`);
      output.say(textTable(["column", "type", "", "values", "meaning"], columns.map((c) => [c.column, c.type, c.need, c.values, c.doc])));
    });
}
