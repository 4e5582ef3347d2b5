from . import test_event_dossier
from . import test_event_followup
from . import test_event_history
