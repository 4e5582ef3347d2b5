"""The Russian translation covers every string of the template."""

import polib
from odoo_runner import MODULE, REPO

I18N = REPO / MODULE / "i18n"


def test_russian_translation_is_complete():
    template = polib.pofile(str(I18N / f"{MODULE}.pot"))
    russian = polib.pofile(str(I18N / "ru.po"))
    translated = {
        (e.msgctxt, e.msgid) for e in russian if e.translated() and not e.obsolete
    }
    missing = [e.msgid for e in template if (e.msgctxt, e.msgid) not in translated]
    assert missing == []
    assert len(template) > 0


def test_russian_translation_keeps_placeholders():
    russian = polib.pofile(str(I18N / "ru.po"))
    for entry in russian.translated_entries():
        for placeholder in ("%s", "%d", "%(", "{"):
            assert entry.msgid.count(placeholder) == entry.msgstr.count(placeholder), (
                entry.msgid
            )
