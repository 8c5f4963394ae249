"""The demonstration data set: Dacorum's Community Plan “Dacorum 2015”.

``dacorum`` holds the plan's content as plain data; ``loader.load_demo`` writes it to
the database, idempotently. Run it with ``python manage.py load_demo``.
"""
