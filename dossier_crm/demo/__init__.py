from . import account_move_demo
