from lxml import etree

from odoo.tests import tagged

from .common import DossierCase, client_form_archs, dossier_tab_section_ids


@tagged("post_install", "-at_install")
class TestDossierTabSections(DossierCase):
    """What the Dossier tab reads of the client's contacts, history, people,
    projects and invoices comes in sections of their own, read-only forms
    that the web client loads when the tab is opened (the
    dossier_tab_section widget), not with every opening of a client."""

    def _views(self, user):
        return self.env["res.partner"].with_user(user)

    def test_sections_are_neither_the_partner_form_nor_editable(self):
        Partner = self._views(self.dossier_user)
        form = Partner.get_views([(False, "form")])["views"]["form"]
        self.assertEqual(form["id"], self.env.ref("base.view_partner_form").id)
        section_ids = dossier_tab_section_ids(Partner)
        self.assertEqual(
            section_ids,
            [
                self.env.ref("dossier_crm.res_partner_view_form_dossier_contacts").id,
                self.env.ref("dossier_crm.res_partner_view_form_dossier_summary").id,
            ],
        )
        for arch in client_form_archs(Partner)[1:]:
            root = etree.fromstring(arch)
            for action in ("create", "edit", "delete"):
                self.assertEqual(root.get(action), "0")

    def test_the_tab_lists_are_in_the_sections_not_in_the_form(self):
        form, contacts, summary = client_form_archs(self._views(self.dossier_user))
        for name, section in (
            ("dossier_timeline_contact_ids", contacts),
            ("dossier_history_ids", contacts),
            ("dossier_last_contact_date", contacts),
            ("dossier_people_relation_ids", summary),
            ("dossier_project_ids", summary),
            ("dossier_amount_invoiced", summary),
        ):
            self.assertNotIn(f'name="{name}"', form)
            self.assertIn(f'name="{name}"', section)
        # Logging a contact stays one click away, in the contacts section.
        self.assertIn('name="action_dossier_log_contact"', contacts)

    def test_a_user_outside_the_dossier_gets_no_section_nor_its_values(self):
        Partner = self._views(self.plain_user)
        self.assertEqual(dossier_tab_section_ids(Partner), [])
        # Asked for by hand, a section shows him none of the dossier's fields.
        for xmlid in (
            "dossier_crm.res_partner_view_form_dossier_contacts",
            "dossier_crm.res_partner_view_form_dossier_summary",
        ):
            view_id = self.env.ref(xmlid).id
            views = Partner.get_views([(view_id, "form")])
            arch = etree.fromstring(views["views"]["form"]["arch"])
            names = {node.get("name") for node in arch.iter("field")}
            self.assertFalse({n for n in names if n.startswith("dossier_")}, xmlid)
