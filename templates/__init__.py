# Installed as the package ``prxs.templates``: jinja2 templates and the
# Makefile include ship inside prxs so they are found without a checkout.
# Look them up with prxs.templating.template_dir().
