"""The data kg ships, installed as the package ``kg.ontology``: the OWL ontology and SHACL
shapes, the alias table, word lists, source rules and the competency queries.

Found at run time with ``importlib.resources`` (``kg.lexicon.ontology_dir``); the
``KG_ONTOLOGY`` environment variable points kg at a folder of your own instead.
"""
