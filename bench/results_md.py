"""Replaces one `## Section` of a Markdown results file, keeping the others."""
import os


def write_section(path, heading, section):
    """Writes `section` (starting with `heading`) into `path`, in place of an
    earlier section with that heading, or at the end."""
    text = open(path).read() if os.path.exists(path) else ""
    if heading in text:
        before, _, rest = text.partition(heading)
        after = rest[rest.find("\n## ") + 1:] if "\n## " in rest else ""
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w") as out:
        out.write(text)
