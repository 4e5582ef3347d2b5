"""Which Odoo source scripts/bootstrap installs from, and that it is Community.

Checked on small folders shaped like an Odoo source, without installing.
"""

import tarfile

import pytest
from bootstrap import source
from bootstrap.common import SetupError

RELEASE_18 = "version_info = (18, 0, 0, FINAL, '')\n"


def make_odoo(root, release=RELEASE_18, modules=("base", "web")):
    """A folder shaped like an Odoo source tree (no code needed to decide)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "odoo").mkdir(exist_ok=True)
    (root / "odoo" / "release.py").write_text(release, encoding="utf-8")
    for module in modules:
        folder = root / "odoo" / "addons" / module
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__manifest__.py").write_text(
            "{'license': 'LGPL-3'}", encoding="utf-8"
        )
    (root / "requirements.txt").write_text("", encoding="utf-8")
    return root


def make_archive(folder, path):
    with tarfile.open(path, "w:gz") as archive:
        archive.add(folder, arcname="odoo-18.0")
    return path


# --- which source -----------------------------------------------------------


def test_no_source_means_a_clone_of_odoo_18(tmp_path):
    chosen = source.choose_source(None, tmp_path)
    assert (chosen.kind, chosen.location) == ("git", "https://github.com/odoo/odoo")
    assert "branch 18.0" in chosen.describe()


@pytest.mark.parametrize(
    "value",
    [
        "https://example.org/odoo.git",
        "git@example.org:odoo/odoo.git",
        "file:///srv/odoo",
    ],
)
def test_git_urls_are_cloned(value, tmp_path):
    assert source.choose_source(value, tmp_path).kind == "git"


@pytest.mark.parametrize("name", ["odoo.tar.xz", "odoo.tar.gz", "odoo.zip"])
def test_local_archives_are_unpacked(name, tmp_path):
    (tmp_path / name).write_bytes(b"")
    chosen = source.choose_source(name, tmp_path)
    assert chosen == source.Source("archive", str(tmp_path / name))


def test_a_local_folder_is_used(tmp_path):
    make_odoo(tmp_path / "odoo-src")
    assert source.choose_source(str(tmp_path / "odoo-src")).kind == "folder"


def test_a_missing_or_odd_source_is_one_clear_line(tmp_path):
    with pytest.raises(SetupError, match="does not exist"):
        source.choose_source(str(tmp_path / "nowhere.tar.xz"))
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(SetupError, match="not an Odoo source archive") as error:
        source.choose_source(str(tmp_path / "notes.txt"))
    assert "\n" not in str(error.value)


# --- Community only -----------------------------------------------------------


def test_enterprise_source_is_refused(tmp_path):
    root = make_odoo(tmp_path / "src", modules=("base", "web", "web_enterprise"))
    with pytest.raises(SetupError, match=r"Enterprise .*web_enterprise"):
        source.check_source(root, "folder src")


def test_enterprise_addons_folder_is_refused_before_anything_else(tmp_path):
    # The Enterprise repository is a flat folder of modules.
    (tmp_path / "enterprise" / "web_enterprise").mkdir(parents=True)
    (tmp_path / "enterprise" / "web_enterprise" / "__manifest__.py").write_text("{}")
    with pytest.raises(SetupError, match="Enterprise"):
        source.check_source(tmp_path / "enterprise", "folder enterprise")


def test_community_with_a_mislabelled_licence_is_accepted(tmp_path):
    # Odoo's own 18.0 Community 'certificate' module says OEEL-1 by mistake.
    root = make_odoo(tmp_path / "src", modules=("base", "certificate"))
    (root / "odoo" / "addons" / "certificate" / "__manifest__.py").write_text(
        "{'license': 'OEEL-1'}", encoding="utf-8"
    )
    source.check_source(root, "folder src")


def test_other_odoo_versions_are_refused(tmp_path):
    root = make_odoo(tmp_path / "src", release="version_info = (17, 0, 0, FINAL, '')\n")
    with pytest.raises(SetupError, match=r"Odoo 17\.0; Odoo 18\.0 is required"):
        source.check_source(root, "folder src")


def test_archive_is_unpacked_to_its_source_root(tmp_path):
    archive = make_archive(make_odoo(tmp_path / "build"), tmp_path / "odoo.tar.gz")
    dest = tmp_path / "install" / "src"
    dest.parent.mkdir()
    source.fetch_source(source.Source("archive", str(archive)), dest)
    assert (dest / "odoo" / "release.py").exists()
    assert not dest.with_name("src.partial").exists()


def test_enterprise_archive_leaves_nothing_behind(tmp_path):
    build = make_odoo(tmp_path / "build", modules=("base", "web_enterprise"))
    archive = make_archive(build, tmp_path / "odoo.tar.gz")
    dest = tmp_path / "install" / "src"
    dest.parent.mkdir()
    with pytest.raises(SetupError, match="Enterprise"):
        source.fetch_source(source.Source("archive", str(archive)), dest)
    assert list(dest.parent.iterdir()) == []


def test_a_local_folder_is_copied_not_written_into(tmp_path):
    user_tree = make_odoo(tmp_path / "mine")
    before = sorted(p.relative_to(user_tree) for p in user_tree.rglob("*"))
    dest = tmp_path / "install" / "src"
    dest.parent.mkdir()
    source.fetch_source(source.Source("folder", str(user_tree)), dest)
    assert (dest / "odoo" / "release.py").exists()
    assert sorted(p.relative_to(user_tree) for p in user_tree.rglob("*")) == before
