#!/usr/bin/env python3
"""Writes a register of N cases for the import benchmark (docs/benchmarks.md): every case with
a melder and a wederpartij, every personal column filled (name, street, house number,
postcode, place, phone, e-mail), a third of them closed with an outcome and a reason, in the
template's headings. Usage: import-bench.py N OUT.csv [--xlsx OUT.xlsx]."""
import datetime
import random
import sys

HEAD = ["Registratienummer", "Datum melding", "Bron", "Soort conflict", "Status", "Datum intake",
        "Datum afgesloten", "Uitkomst", "Reden afsluiten", "Notitie"]
PARTY = ["naam", "straat", "huisnummer", "postcode", "plaats", "telefoon", "e-mail",
         "woonsituatie"]
SOURCES = ["zelfmelder", "politie", "woningcorporatie", "gemeente", "welzijn", "zorg"]
TYPES = ["geluid_personen", "huisdieren", "parkeren", "tuin_erfgrens", "pesten", "kinderen"]
FIRST = ["Anna", "Bram", "Cor", "Daan", "Eva", "Fenna", "Gijs", "Hanna", "Ivo", "Jet"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"]


def party(r):
    first, last = r.choice(FIRST), r.choice(LAST)
    return [f"{first} {last}", "Dorpsstraat", str(r.randint(1, 200)),
            f"{r.randint(1000, 9999)} {chr(65 + r.randint(0, 25))}{chr(65 + r.randint(0, 25))}",
            "Vriezenveen", f"06-{r.randint(10000000, 99999999)}",
            f"{first.lower()}.{r.randint(1, 99999)}@example.nl", "koop"]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    r = random.Random(17)
    start = datetime.date(2022, 1, 1)
    head = HEAD + [f"Melder {p}" for p in PARTY] + [f"Wederpartij {p}" for p in PARTY]
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(head) + "\r\n")
        for i in range(n):
            reported = start + datetime.timedelta(days=r.randint(0, 900))
            row = [f"R-{i + 1}", reported.isoformat(), r.choice(SOURCES), r.choice(TYPES)]
            if i % 3 == 0:
                intake = reported + datetime.timedelta(days=r.randint(1, 20))
                closed = intake + datetime.timedelta(days=r.randint(1, 60))
                row += ["afgesloten", intake.isoformat(), closed.isoformat(), "opgelost",
                        "Afspraken gemaakt"]
            else:
                row += ["intake", (reported + datetime.timedelta(days=3)).isoformat(), "", "", ""]
            row += ["Overgenomen"] + party(r) + party(r)
            f.write(",".join(row) + "\r\n")


main()
