"""Write the crafted files of issue 15 into a folder: each must be reported, none published.

    python scripts/crafted_files.py OUT_DIR [--real corpus] [--bomb-mib 512]

With `--real DIR`, the real plans of DIR are copied in first (the bar's corpus
is the real plans plus these files) and a duplicate and a bad sidecar are made
from them. Everything is generated: no zip bomb is stored in the repository.
`crafted_files(folder)` returns {file name: words its reported reason contains}.
"""
from __future__ import annotations

import argparse
import os
import shutil
import zipfile
from pathlib import Path

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""
PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""
EMPTY_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"""
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{{start}}"/>
<w:numFmt w:val="{{fmt}}"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"""
PARAGRAPH = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
NUMBERED = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>'
TITLE = "上海市某区养老服务发展三年行动计划（2023-2025年）"


def escape(text: str) -> str:
    """Text for a `w:t` element: `1<2&3` -> `1&lt;2&amp;3`; characters XML cannot hold dropped."""
    text = "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def docx(path: Path, body: str, numbering: str | None = None) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS if numbering else EMPTY_RELS)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}'
                                        "</w:body></w:document>")
        if numbering:
            z.writestr("word/numbering.xml", numbering)


def zip_bomb(path: Path, mib: int) -> None:
    """A .docx whose document.xml unpacks to `mib` MiB of target sentences (a few hundred KB packed)."""
    para = PARAGRAPH.format("到2025年新增养老床位100张。").encode("utf-8")
    chunk = para * (2**20 // len(para) + 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'.encode())
            for _ in range(mib):
                f.write(chunk[:2**20])
            f.write(b"</w:body></w:document>")


def crafted_files(folder: Path, real: Path | None = None, bomb_mib: int = 512) -> dict[str, str]:
    """Write the crafted files; return {file name: words the build's reason for it contains}."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}
    if real is not None:
        plans = sorted(p for p in real.iterdir() if p.suffix.lower() in (".txt", ".html", ".docx", ".pdf"))
        for p in plans:
            shutil.copy(p, folder / p.name)
        shutil.copy(plans[0], folder / f"副本_{plans[0].name}")
        expected[f"副本_{plans[0].name}"] = f"duplicate of {plans[0].name}"
        (folder / (plans[1].name + ".meta.yml")).write_text("issuer: [unclosed\n  : :\n", encoding="utf-8")
    gbk_name = os.fsdecode("养老规划.txt".encode("gbk"))
    (folder / gbk_name).write_text(f"{TITLE}\n一、主要目标\n", encoding="utf-8")
    expected[gbk_name] = "not valid UTF-8"
    docx(folder / "列表编号1e10.docx", NUMBERED.format("主要任务") * 3,
         NUMBERING.replace("{start}", "10000000000").replace("{fmt}", "upperRoman"))
    expected["列表编号1e10.docx"] = "list numbering"
    zip_bomb(folder / "压缩炸弹.docx", bomb_mib)
    expected["压缩炸弹.docx"] = "compression bomb"
    (folder / "合并单元格1e9.html").write_text(
        '<html><body><table><tr><td colspan="1000000000" rowspan="1000000000">任务</td><td>单位</td></tr>'
        "</table></body></html>", encoding="utf-8")
    expected["合并单元格1e9.html"] = "spans"
    docx(folder / "gridSpan1e9.docx", '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr>'
                                      + PARAGRAPH.format("任务") + "</w:tc></w:tr></w:tbl>" + PARAGRAPH.format(TITLE))
    expected["gridSpan1e9.docx"] = "spans"
    (folder / "四百位数字.txt").write_text(f"{TITLE}\n一、主要目标\n到2025年新增床位{'9' * 400}张。\n", encoding="utf-8")
    expected["四百位数字.txt"] = "digits"
    (folder / "四百个汉字数字.txt").write_text(f"{TITLE}\n一、主要目标\n到2025年新增床位{'九' * 400}张。\n",
                                             encoding="utf-8")
    expected["四百个汉字数字.txt"] = "Chinese numerals"
    (folder / "其实是PDF.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
                                           + bytes(range(256)) * 40 + b"\n%%EOF\n")
    expected["其实是PDF.html"] = "a PDF file"
    (folder / "全是NUL.txt").write_bytes(b"\0" * 4096)
    expected["全是NUL.txt"] = "binary data"
    (folder / "带NUL的UTF-8.txt").write_bytes(b"\0".join(c.encode("utf-8") for c in TITLE * 20))
    expected["带NUL的UTF-8.txt"] = "binary data"
    # UTF-8 text behind a UTF-16 byte-order mark decodes to Hangul, Yi and the like: refused as mojibake
    (folder / "读作UTF-16.txt").write_bytes(b"\xff\xfe" + (TITLE * 20).encode("utf-8"))
    expected["读作UTF-16.txt"] = "mojibake"
    (folder / "百万字段落.txt").write_text(f"{TITLE}\n" + "到2025年全区养老床位不少于9888张，" * 55_556 + "\n",
                                         encoding="utf-8")
    expected["百万字段落.txt"] = "paragraph of"
    return expected


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--real", type=Path, help="copy the real plans of this folder in first")
    ap.add_argument("--bomb-mib", type=int, default=512, help="unpacked size of the zip bomb in MiB")
    args = ap.parse_args()
    expected = crafted_files(args.out, args.real, args.bomb_mib)
    for name, reason in expected.items():
        print(f"{os.fsencode(name).decode('utf-8', 'backslashreplace')}\texpect: {reason}")


if __name__ == "__main__":
    main()
