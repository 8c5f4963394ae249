"""Demonstration and benchmark data: the top layer, which may import every app and which no app imports.

* ``plan`` reads Dacorum's Community Plan “Dacorum 2015” from the data files in
  ``data/dacorum-2015/``; ``loader.load_demo`` writes it to the database, idempotently
  (``python manage.py load_demo``).
* ``residents`` adds the residents' side: comments, consultations and suggestions
  (``python manage.py load_demo_consultation``).
* ``synthetic`` builds the large benchmark dataset (``python manage.py generate_synthetic``).
"""
