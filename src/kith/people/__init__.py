"""People: who they are and how kith finds them.

- ``lookup``: finding people: by number, by an identity, the user, and by a NAME as typed (``resolve``).
- ``core``: adding and editing people, their identities and tags, and the user.
- ``roles``: where someone works over time: a job change, or a same-day correction.
- ``merge``: folding a duplicate into the person to keep; forgetting a person.
- ``identities``: normalising emails, phones, profile URLs and names.
- ``search``: the one people search (names, identities, company, title, tags, notes).
- ``listing``: the person record of every listing, read with a few plain queries.
- ``profile``: everything about one person (``kith show``, the person page, the API).
- ``duplicates``: possible duplicates proposed by imports, to merge or dismiss.
"""
