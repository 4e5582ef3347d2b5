from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import DossierUsersMixin


@tagged("post_install", "-at_install")
class TestInstall(DossierUsersMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_dossier_users()
        cls.root_menu = cls.env.ref("dossier_crm.menu_dossier_root")

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_manager_group_implies_user_group(self):
        self.assertTrue(
            self.dossier_manager.has_group("dossier_crm.group_dossier_user")
        )
        self.assertFalse(
            self.dossier_user.has_group("dossier_crm.group_dossier_manager")
        )
        category = self.env.ref("dossier_crm.module_category_dossier")
        self.assertEqual(
            self.env.ref("dossier_crm.group_dossier_user").category_id, category
        )

    def test_admin_is_dossier_manager(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("dossier_crm.group_dossier_manager"))

    def test_dossier_user_sees_menu_and_its_entries(self):
        visible = self._visible_menus(self.dossier_user)
        self.assertIn(self.root_menu.id, visible)
        self.assertIn(self.env.ref("dossier_crm.menu_dossier_clients").id, visible)
        # Configuration is for dossier managers only.
        self.assertNotIn(self.env.ref("dossier_crm.menu_dossier_config").id, visible)

    def test_manager_sees_configuration(self):
        config = self.env.ref("dossier_crm.menu_dossier_config").id
        self.assertIn(config, self._visible_menus(self.dossier_manager))
        self.assertNotIn(config, self._visible_menus(self.dossier_user))

    def test_only_administrators_reach_dossier_settings(self):
        settings = self.env.ref("dossier_crm.menu_dossier_config_settings").id
        self.assertIn(settings, self._visible_menus(self.env.ref("base.user_admin")))
        self.assertNotIn(settings, self._visible_menus(self.dossier_manager))

    def test_user_without_dossier_group_sees_no_dossier_menu(self):
        visible = self._visible_menus(self.plain_user)
        self.assertNotIn(self.root_menu.id, visible)
        menus = self.env["ir.ui.menu"].with_user(self.plain_user).load_menus(False)
        self.assertNotIn(self.root_menu.id, menus)

    def test_main_menu_entries_exist(self):
        for xmlid in (
            "menu_dossier_clients",
            "menu_dossier_contacts",
            "menu_dossier_projects",
            "menu_dossier_reporting",
            "menu_dossier_config",
        ):
            menu = self.env.ref(f"dossier_crm.{xmlid}")
            self.assertEqual(menu.parent_id, self.root_menu, xmlid)

    def test_settings_section_and_default(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertIn('name="dossier_crm"', arch)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.dossier_recent_contact_days, 7)
        settings.dossier_recent_contact_days = 3
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("dossier_crm.recent_contact_days"),
            "3",
        )

    def test_negative_recent_contact_window_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"dossier_recent_contact_days": -1})
