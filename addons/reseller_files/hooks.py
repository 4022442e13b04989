def post_init_hook(env):
    """Existing clients get their folder at install, in batched creates."""
    env["res.partner"]._reseller_backfill_clients()
