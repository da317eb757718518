import { describe, expect, it } from "vitest";
import { parseXml } from "../../server/import/xmlParser";

describe("parseXml", () => {
  it("reads elements, attributes, text, CDATA and character references", () => {
    const root = parseXml(
      '<?xml version="1.0"?><a x="1 &amp; 2"><b>t&#233;xt</b><!-- note --><c><![CDATA[<raw>]]></c></a>',
    );
    expect(root.name).toBe("a");
    expect(root.attrs).toEqual({ x: "1 & 2" });
    expect(root.children.map((c) => [c.name, c.text])).toEqual([
      ["b", "téxt"],
      ["c", "<raw>"],
    ]);
  });

  it("refuses a DOCTYPE before any entity could expand", () => {
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>')).toThrow(
      /DOCTYPE/,
    );
  });

  it("refuses elements nested beyond the cap with a 400", () => {
    const deep = `${"<e>".repeat(100)}${"</e>".repeat(100)}`;
    expect(() => parseXml(deep)).toThrow(expect.objectContaining({ status: 400, code: "validation_failed" }));
  });

  it("names malformed input instead of guessing", () => {
    expect(() => parseXml("<a><b></a>")).toThrow(/not a valid XML file/);
    expect(() => parseXml("plain text")).toThrow(/not a valid XML file/);
    expect(() => parseXml("<a/><b/>")).toThrow(/not a valid XML file/);
  });
});
