from . import account_move_demo
from . import res_partner_demo
