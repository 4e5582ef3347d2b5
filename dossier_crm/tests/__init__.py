from . import test_dossier_contact
from . import test_install
from . import test_contact_activity
from . import test_contact_dates
from . import test_recent_contact_warning
from . import test_contact_import
from . import test_contact_views
from . import test_contact_ui
