#!/usr/bin/env python3
"""Seeded generator for the messy CRM sample exports in ``sample_data/``.

    python sample_data/generate.py [--out DIR]

Everything comes from one ``random.Random(2026)`` and fixed dates (the exports
are "as of" 2026-11-20 08:00), so two runs write byte-identical files, the
``.xlsx`` workbooks included (fixed document properties and zip timestamps).

The pools (names, companies, cities, titles, country/state spellings, phone
plans, value formats) and the small helpers that turn them into messy values
live at the top of this module; ``benchmarks/generate.py`` imports them so the
million-row benchmark plants the same kinds of mess. Only the stdlib, numpy
(for Salesforce ids) and openpyxl are used.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import itertools
import math
import random
import re
import string
import unicodedata
import zipfile
from pathlib import Path

import numpy as np

SEED = 2026
AS_OF = dt.datetime(2026, 11, 20, 8, 0)  # the moment every export was taken
HERE = Path(__file__).resolve().parent

# =============================================================================
# 1. Pools
# =============================================================================

# ---- people -----------------------------------------------------------------
# region -> (first names, last names). Spelled as people type them in forms.
NAMES: dict[str, tuple[list[str], list[str]]] = {
    "us": (
        "James Robert John Michael William David Richard Joseph Thomas Christopher Daniel "
        "Matthew Anthony Steven Andrew Joshua Kevin Brian Ryan Jason Eric Jacob Tyler Nicholas "
        "Brandon Justin Jonathan Benjamin Samuel Gregory Timothy Edward Charles Zachary Mary "
        "Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Emily Ashley Megan "
        "Rachel Lauren Amanda Stephanie Nicole Heather Michelle Kimberly Katherine Margaret "
        "Rebecca Olivia Emma Ava Madison Chloe Hannah Grace Zoe Jamal Darnell Keisha Tanisha "
        "DeShawn Aaliyah Carlos Luis Maria Ana Jose Juan Priya Wei Mei Raj Arjun Hiroshi "
        "Thanh Omar Fatima Aisha Tariq Connor Shannon Dakota".split(),
        "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
        "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
        "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott "
        "Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter "
        "Roberts Patel Kim Chen Wang Shah Singh O'Brien O'Connor McDonald MacDonald McAllister "
        "McKenzie DeLuca D'Angelo Washington Cohen Goldberg Schwartz Kowalski Park Tran Okafor "
        "Sullivan Murphy Brooks Reyes Foster Bennett".split()
        + ["St. John", "Smith-Jones", "Van Buren", "De La Cruz", "O'Neil"],
    ),
    "uk": (
        "Oliver Harry George Jack Charlie Thomas James William Amelia Olivia Isla Emily Poppy "
        "Charlotte Sophie Jessica Callum Rhys Fiona Siobhan Niamh Aoife Ciaran Seamus Declan Eoin "
        "Gemma Kirsty Alistair Hamish Imogen Ravi Sunita Nigel Graham Rupert Harriet".split(),
        "Smith Jones Taylor Brown Williams Wilson Evans Thomas Roberts Johnson Walker Wright "
        "Robinson Thompson White Hughes Edwards Green Hall Wood Harris Lewis Martin Jackson Clarke "
        "Murphy Kelly O'Sullivan Walsh Byrne Ryan O'Brien O'Neill Doyle McCarthy Fitzgerald "
        "MacLeod Campbell Stewart Fraser Mackenzie Ahmed Khan Patel Hussain".split()
        + ["Ó Briain", "Bowes-Lyon", "ap Rhys"],
    ),
    "de": (
        "Lukas Leon Maximilian Felix Paul Jonas Jürgen Wolfgang Dieter Uwe Jörg Björn Stefan "
        "Michael Andreas Thomas Klaus Johannes Sabine Katharina Anna Lena Laura Julia Sophie Marie "
        "Ursula Birgit Petra Anja Claudia Günter Małgorzata Mehmet Ayşe".split(),
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
        "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann "
        "Hartmann Lange Schmitt Werner Krause Meier Lehmann Köhler Weiß Groß Öztürk Yılmaz "
        "Kaya".split()
        + ["von Bülow", "von Stein", "Schulze-Wettstein"],
    ),
    "fr": (
        "Jean Pierre François Jérôme Stéphane Benoît Nicolas Julien Antoine Mathieu Thierry "
        "Hélène Amélie Céline Émilie Camille Chloé Manon Léa Margaux Zoë Sophie Isabelle "
        "Nathalie Aurélie Inès Jean-Luc Marie-Claire Anne-Sophie".split(),
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
        "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier "
        "Dupont Lambert Bonnet Rousseau Faure Benoît".split()
        + ["Le Goff", "de La Fontaine", "Saint-Just"],
    ),
    "es": (
        "José María Jesús Raúl Javier Alejandro Pablo Sergio Álvaro Íñigo Lucía Sofía Martina "
        "Paula Carmen Pilar Isabel Mercedes Ana Elena Mateo Diego Santiago Valentina Camila "
        "Ximena Guadalupe Francisco".split()
        + ["José Luis", "María José"],
        "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez "
        "Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres "
        "Domínguez Vázquez Ramos Peña Ortega Castillo Núñez".split()
        + ["de la Fuente", "García-Márquez"],
    ),
    "nl": (
        "Daan Sem Lucas Bram Joost Pieter Jeroen Sander Thijs Femke Sanne Anouk Lotte Eva Lieke "
        "Marloes Inge Maarten Wouter Koen Ruud Annelies".split(),
        ["de Jong", "Jansen", "de Vries", "van den Berg", "van der Berg", "van Dijk", "Bakker",
         "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos",
         "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
         "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "Van der Berg"],
    ),
    "nordic": (
        "Lars Anders Johan Erik Björn Magnus Nils Sven Søren Mads Mikkel Åsa Ingrid Karin Sofia "
        "Emma Maja Freja Sigrid Astrid Oskar".split(),
        "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
        "Nielsen Jensen Hansen Pedersen Sørensen Rasmussen Lindqvist Berg Haugen Virtanen "
        "Korhonen Mäkinen".split(),
    ),
    "it": (
        "Giuseppe Giovanni Antonio Marco Luca Francesco Alessandro Matteo Lorenzo Giulia "
        "Francesca Chiara Sara Martina Federica Valentina Elena".split(),
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo "
        "Conti Costa Giordano Mancini Rizzo Lombardi Moretti".split() + ["De Luca", "D'Amico"],
    ),
    "in": (
        "Rahul Amit Vikram Sanjay Arjun Rohan Aditya Karthik Suresh Ramesh Venkat Priya Ananya "
        "Deepika Kavya Lakshmi Pooja Neha Divya Sneha Aishwarya".split(),
        "Sharma Verma Gupta Kumar Singh Patel Shah Iyer Iyengar Reddy Nair Menon Rao Krishnan "
        "Subramanian Chatterjee Banerjee Mukherjee Das Joshi Desai Mehta Kapoor Malhotra".split(),
    ),
    "jp": (
        "Haruto Yuto Sota Kenji Takeshi Hiroshi Daisuke Yuki Yui Sakura Akiko Haruka Aoi Mei Rin "
        "Kaito Ren Naoko".split(),
        "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida "
        "Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi".split(),
    ),
    "cn": (
        "Wei Jun Hao Ming Jie Li Na Mei Ling Xin Yan Hui Jia Kai Yong Zhi Chloe Kelvin Jasmine "
        "Vincent".split(),
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Lim Tan Ng Wong Lee Ong "
        "Goh Teo".split(),
    ),
    "kr": (
        ["Min-jun", "Seo-yeon", "Ji-ho", "Ji-woo", "Hyun-woo", "Soo-jin", "Da-eun", "Jae-won"],
        "Kim Lee Park Choi Jung Kang Cho Yoon".split(),
    ),
    "pt": (
        "João Pedro Lucas Gabriel Rafael Felipe Gustavo Thiago Ana Beatriz Mariana Larissa "
        "Juliana Camila Fernanda Letícia".split(),
        "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro "
        "Martins Carvalho Almeida Lopes Sousa Araújo Gonçalves".split(),
    ),
    "il": (
        "Noam Yosef Ariel Itai Omer Tamar Noa Shira Yael Maya".split(),
        "Cohen Levi Mizrahi Peretz Biton Friedman Shapiro Katz Avraham Ben-David".split(),
    ),
    "pl": (
        "Jakub Kacper Piotr Tomasz Paweł Łukasz Anna Katarzyna Agnieszka Małgorzata Jan Petr "
        "Tereza Ondřej".split(),
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Novák "
        "Svoboda Dvořák Horváth".split(),
    ),
    "mena": (
        "Mohammed Ahmed Omar Ali Youssef Khalid Fatima Aisha Mariam Layla Noor".split(),
        ["Al-Hashimi", "Al Mansouri", "Haddad", "Khoury", "Nasser", "Hassan", "Ibrahim",
         "Abdullah", "El-Sayed"],
    ),
    "africa": (
        "Chinedu Oluwaseun Emeka Kwame Kofi Thabo Sipho Amara Ngozi Chioma Wanjiru Zanele".split(),
        "Okafor Adeyemi Okonkwo Mensah Nkosi Dlamini Mwangi Otieno Abubakar Eze".split(),
    ),
}

# Formal first name -> nicknames people put in a second form fill.
NICKNAMES: dict[str, list[str]] = {
    "Robert": ["Bob", "Rob", "Bobby"], "William": ["Bill", "Will", "Billy"],
    "Elizabeth": ["Liz", "Beth", "Betsy"], "Michael": ["Mike", "Mick"],
    "Katherine": ["Kate", "Katie", "Kathy"], "James": ["Jim", "Jimmy", "Jamie"],
    "Richard": ["Rick", "Rich", "Dick"], "Jennifer": ["Jen", "Jenny"],
    "Christopher": ["Chris"], "Margaret": ["Maggie", "Peggy", "Meg"],
    "Thomas": ["Tom", "Tommy"], "Daniel": ["Dan", "Danny"], "Anthony": ["Tony"],
    "Joseph": ["Joe", "Joey"], "Steven": ["Steve"], "Matthew": ["Matt"],
    "Patricia": ["Pat", "Trish"], "Susan": ["Sue", "Suzy"], "Nicholas": ["Nick"],
    "Andrew": ["Andy", "Drew"], "Jonathan": ["Jon"], "Benjamin": ["Ben"], "Samuel": ["Sam"],
    "Jessica": ["Jess"], "Rebecca": ["Becky"], "Kimberly": ["Kim"], "Stephanie": ["Steph"],
    "Nicole": ["Nikki"], "Amanda": ["Mandy"], "Joshua": ["Josh"], "Zachary": ["Zach"],
    "Gregory": ["Greg"], "Timothy": ["Tim"], "Edward": ["Ed", "Eddie", "Ted"],
    "Charles": ["Charlie", "Chuck"], "Alejandro": ["Alex"], "Francisco": ["Paco"],
    "José": ["Pepe"], "Giuseppe": ["Beppe"], "Johannes": ["Hannes"], "Alexander": ["Alex"],
    "Maximilian": ["Max"], "Katharina": ["Kathi"], "Alessandro": ["Sandro"],
    "Oliver": ["Olly"], "Harry": ["Haz"], "Wolfgang": ["Wolf"], "Stefan": ["Steffen"],
}

# ---- geography ----------------------------------------------------------------
# iso2 -> how people spell the country in a free-text field, with weights.
COUNTRY_SPELLINGS: dict[str, list[tuple[str, int]]] = {
    "US": [("United States", 30), ("USA", 25), ("US", 20), ("U.S.", 5), ("us", 3),
           ("United States of America", 4), ("U.S.A.", 2), ("usa", 2), ("America", 1),
           ("UNITED STATES", 2), ("united states", 1)],
    "GB": [("United Kingdom", 30), ("UK", 30), ("England", 10), ("GB", 8), ("Great Britain", 5),
           ("U.K.", 4), ("Scotland", 2), ("uk", 3), ("Britain", 1), ("Wales", 1)],
    "DE": [("Germany", 45), ("Deutschland", 15), ("DE", 20), ("GER", 3), ("germany", 4),
           ("DEU", 2), ("GERMANY", 2)],
    "CA": [("Canada", 70), ("CA", 12), ("CAN", 5), ("canada", 3), ("CANADA", 2)],
    "NL": [("Netherlands", 40), ("The Netherlands", 15), ("Holland", 12), ("NL", 15),
           ("Nederland", 5), ("netherlands", 2), ("Netherlands, The", 2)],
    "AU": [("Australia", 70), ("AU", 15), ("AUS", 8), ("australia", 2)],
    "FR": [("France", 75), ("FR", 15), ("france", 3), ("FRA", 3)],
    "IE": [("Ireland", 70), ("IE", 10), ("Republic of Ireland", 8), ("Éire", 2)],
    "ES": [("Spain", 60), ("España", 15), ("ES", 15), ("Espana", 3)],
    "IT": [("Italy", 60), ("Italia", 20), ("IT", 15)],
    "SE": [("Sweden", 70), ("Sverige", 10), ("SE", 15)],
    "CH": [("Switzerland", 60), ("Schweiz", 10), ("Suisse", 5), ("CH", 15)],
    "AT": [("Austria", 65), ("Österreich", 15), ("AT", 15)],
    "BE": [("Belgium", 60), ("Belgique", 10), ("België", 8), ("BE", 15)],
    "DK": [("Denmark", 70), ("Danmark", 10), ("DK", 15)],
    "NO": [("Norway", 70), ("Norge", 10), ("NO", 15)],
    "FI": [("Finland", 70), ("Suomi", 8), ("FI", 15)],
    "PL": [("Poland", 70), ("Polska", 12), ("PL", 15)],
    "PT": [("Portugal", 80), ("PT", 15)],
    "CZ": [("Czech Republic", 50), ("Czechia", 25), ("CZ", 15)],
    "IN": [("India", 80), ("IN", 12), ("IND", 4)],
    "SG": [("Singapore", 85), ("SG", 12), ("Republic of Singapore", 3)],
    "JP": [("Japan", 80), ("JP", 12), ("JPN", 3), ("日本", 2)],
    "KR": [("South Korea", 50), ("Korea, Republic of", 15), ("Republic of Korea", 10),
           ("Korea", 10), ("KR", 12)],
    "CN": [("China", 75), ("PRC", 5), ("People's Republic of China", 5), ("CN", 12)],
    "HK": [("Hong Kong", 75), ("Hong Kong SAR", 10), ("HK", 12)],
    "TW": [("Taiwan", 75), ("Taiwan, Province of China", 5), ("TW", 12)],
    "BR": [("Brazil", 70), ("Brasil", 15), ("BR", 12)],
    "MX": [("Mexico", 70), ("México", 12), ("MX", 12)],
    "AR": [("Argentina", 85), ("AR", 12)],
    "CL": [("Chile", 85), ("CL", 12)],
    "CO": [("Colombia", 85), ("CO", 12)],
    "IL": [("Israel", 85), ("IL", 12)],
    "AE": [("United Arab Emirates", 50), ("UAE", 30), ("U.A.E.", 5), ("AE", 12)],
    "SA": [("Saudi Arabia", 80), ("KSA", 8), ("SA", 10)],
    "ZA": [("South Africa", 80), ("RSA", 5), ("ZA", 12)],
    "NG": [("Nigeria", 85), ("NG", 12)],
    "KE": [("Kenya", 85), ("KE", 12)],
    "EG": [("Egypt", 85), ("EG", 12)],
    "TR": [("Turkey", 60), ("Türkiye", 20), ("TR", 15)],
    "RU": [("Russia", 60), ("Russian Federation", 20), ("RU", 15)],
    "UA": [("Ukraine", 85), ("UA", 12)],
    "NZ": [("New Zealand", 75), ("NZ", 20), ("Aotearoa", 2)],
    "PH": [("Philippines", 80), ("PH", 12)],
    "MY": [("Malaysia", 85), ("MY", 12)],
    "TH": [("Thailand", 85), ("TH", 12)],
    "VN": [("Vietnam", 60), ("Viet Nam", 20), ("VN", 12)],
    "ID": [("Indonesia", 85), ("ID", 12)],
    "LU": [("Luxembourg", 85), ("LU", 12)],
    "HU": [("Hungary", 80), ("Magyarország", 5), ("HU", 12)],
    "RO": [("Romania", 85), ("RO", 12)],
    "GR": [("Greece", 80), ("Hellas", 5), ("GR", 12)],
    "EE": [("Estonia", 85), ("EE", 12)],
}
# Values real exports hold that are no country at all.
UNKNOWN_COUNTRIES: list[tuple[str, int]] = [
    ("Narnia", 2), ("EMEA", 3), ("N/A", 3), ("Other", 2), ("Europe", 2), ("APAC", 1),
    ("Unknown", 2), ("--", 1), ("Earth", 1), ("North America", 1), ("LATAM", 1),
]

# Full names of ISO 3166-2 subdivisions we use, keyed (country, code).
STATE_NAMES: dict[tuple[str, str], str] = {
    ("US", "CA"): "California", ("US", "WA"): "Washington", ("US", "OR"): "Oregon",
    ("US", "CO"): "Colorado", ("US", "TX"): "Texas", ("US", "IL"): "Illinois",
    ("US", "MN"): "Minnesota", ("US", "NY"): "New York", ("US", "MA"): "Massachusetts",
    ("US", "GA"): "Georgia", ("US", "FL"): "Florida", ("US", "NC"): "North Carolina",
    ("US", "PA"): "Pennsylvania", ("US", "DC"): "District of Columbia", ("US", "AZ"): "Arizona",
    ("US", "UT"): "Utah", ("US", "TN"): "Tennessee", ("US", "OH"): "Ohio",
    ("US", "MI"): "Michigan", ("US", "NJ"): "New Jersey", ("US", "CT"): "Connecticut",
    ("US", "RI"): "Rhode Island", ("US", "VT"): "Vermont", ("US", "VA"): "Virginia",
    ("US", "MO"): "Missouri", ("US", "WI"): "Wisconsin",
    ("CA", "ON"): "Ontario", ("CA", "BC"): "British Columbia", ("CA", "QC"): "Quebec",
    ("CA", "AB"): "Alberta",
    ("AU", "NSW"): "New South Wales", ("AU", "VIC"): "Victoria", ("AU", "QLD"): "Queensland",
    ("AU", "WA"): "Western Australia",
    ("DE", "BE"): "Berlin", ("DE", "BY"): "Bavaria", ("DE", "HH"): "Hamburg",
    ("DE", "HE"): "Hesse", ("DE", "NW"): "North Rhine-Westphalia",
    ("DE", "BW"): "Baden-Württemberg",
    ("GB", "ENG"): "England", ("GB", "SCT"): "Scotland",
    ("IN", "KA"): "Karnataka", ("IN", "MH"): "Maharashtra", ("IN", "DL"): "Delhi",
    ("NL", "NH"): "North Holland", ("NL", "ZH"): "South Holland", ("NL", "UT"): "Utrecht",
    ("ES", "MD"): "Madrid", ("ES", "CT"): "Catalonia", ("IT", "MI"): "Milano",
    ("IT", "RM"): "Roma", ("FR", "IDF"): "Île-de-France", ("FR", "ARA"): "Auvergne-Rhône-Alpes",
    ("BR", "SP"): "São Paulo", ("MX", "CMX"): "Ciudad de México", ("JP", "13"): "Tokyo",
    ("CH", "ZH"): "Zürich", ("CH", "GE"): "Genève", ("IE", "D"): "Dublin",
}
# Other ways the same subdivision shows up (AP style, local names, typos).
STATE_EXTRA_SPELLINGS: dict[tuple[str, str], list[str]] = {
    ("US", "CA"): ["Calif.", "calif.", "Cal.", "CA.", "Californa"], ("US", "NY"): ["N.Y.", "NYC"],
    ("US", "MA"): ["Mass.", "mass"], ("US", "WA"): ["Wash."], ("US", "TX"): ["Tex.", "Texas "],
    ("US", "IL"): ["Ill."], ("US", "FL"): ["Fla."], ("US", "PA"): ["Penn.", "Penna."],
    ("US", "NC"): ["N.C.", "N. Carolina"], ("US", "DC"): ["D.C.", "Washington DC"],
    ("US", "NJ"): ["N.J."], ("US", "CO"): ["Colo."], ("US", "GA"): ["Ga."],
    ("US", "MN"): ["Minn."], ("US", "AZ"): ["Ariz."], ("US", "CT"): ["Conn."],
    ("US", "MI"): ["Mich."], ("US", "TN"): ["Tenn."], ("US", "OR"): ["Ore."],
    ("US", "VA"): ["Va."], ("US", "WI"): ["Wis."],
    ("CA", "ON"): ["Ont.", "ontario"], ("CA", "BC"): ["B.C."], ("CA", "QC"): ["Québec", "PQ"],
    ("CA", "AB"): ["Alta."],
    ("AU", "NSW"): ["N.S.W.", "nsw"], ("AU", "VIC"): ["Vic."], ("AU", "QLD"): ["Qld"],
    ("DE", "BY"): ["Bayern", "bayern"], ("DE", "HE"): ["Hessen"],
    ("DE", "NW"): ["NRW", "Nordrhein-Westfalen"], ("DE", "BW"): ["Baden-Wuerttemberg"],
    ("NL", "NH"): ["Noord-Holland"], ("NL", "ZH"): ["Zuid-Holland"],
    ("ES", "CT"): ["Cataluña", "Catalunya"], ("ES", "MD"): ["Comunidad de Madrid"],
    ("IN", "KA"): ["Karnatka"], ("IN", "DL"): ["New Delhi", "NCT of Delhi"],
    ("FR", "IDF"): ["Ile-de-France", "IDF"], ("JP", "13"): ["Tokyo-to"],
    ("CH", "ZH"): ["Zurich"], ("CH", "GE"): ["Geneva"], ("IE", "D"): ["Co. Dublin"],
}
# Countries whose exports normally carry a state/province.
STATE_COUNTRIES = {"US", "CA", "AU", "IN", "BR", "MX"}

# iso2 -> list of (city, state code or "", weight, postal-code patterns, area codes).
# Postal pattern: '#' a digit, '@' an upper-case letter, anything else literal.
CITIES: dict[str, list[tuple[str, str, int, list[str], list[str]]]] = {
    "US": [
        ("San Francisco", "CA", 10, ["941##"], ["415", "628"]),
        ("San Jose", "CA", 4, ["951##"], ["408", "669"]),
        ("Los Angeles", "CA", 6, ["900##"], ["213", "310", "323"]),
        ("San Diego", "CA", 3, ["921##"], ["619", "858"]),
        ("Palo Alto", "CA", 3, ["943##"], ["650"]),
        ("Seattle", "WA", 6, ["981##"], ["206"]),
        ("Portland", "OR", 3, ["972##"], ["503"]),
        ("Denver", "CO", 4, ["802##"], ["303", "720"]),
        ("Austin", "TX", 6, ["787##"], ["512"]),
        ("Dallas", "TX", 4, ["752##"], ["214", "972"]),
        ("Houston", "TX", 3, ["770##"], ["713", "832"]),
        ("Chicago", "IL", 7, ["606##"], ["312", "773"]),
        ("Minneapolis", "MN", 2, ["554##"], ["612"]),
        ("New York", "NY", 12, ["100##", "101##"], ["212", "646", "917"]),
        ("Brooklyn", "NY", 2, ["112##"], ["718", "347"]),
        ("Holtsville", "NY", 1, ["00501"], ["631"]),
        ("Boston", "MA", 6, ["021##"], ["617", "857"]),
        ("Cambridge", "MA", 3, ["02139", "02142", "02141"], ["617"]),
        ("Atlanta", "GA", 4, ["303##"], ["404", "470"]),
        ("Miami", "FL", 3, ["331##"], ["305", "786"]),
        ("Raleigh", "NC", 2, ["276##"], ["919"]),
        ("Philadelphia", "PA", 3, ["191##"], ["215", "267"]),
        ("Pittsburgh", "PA", 1, ["152##"], ["412"]),
        ("Washington", "DC", 3, ["200##"], ["202"]),
        ("Phoenix", "AZ", 2, ["850##"], ["602", "480"]),
        ("Salt Lake City", "UT", 2, ["841##"], ["801"]),
        ("Nashville", "TN", 2, ["372##"], ["615"]),
        ("Columbus", "OH", 2, ["432##"], ["614"]),
        ("Detroit", "MI", 1, ["482##"], ["313"]),
        ("Newark", "NJ", 2, ["071##"], ["973"]),
        ("Hartford", "CT", 1, ["061##"], ["860"]),
        ("Providence", "RI", 1, ["029##"], ["401"]),
        ("Burlington", "VT", 1, ["054##"], ["802"]),
        ("Arlington", "VA", 2, ["222##"], ["703", "571"]),
        ("St. Louis", "MO", 1, ["631##"], ["314"]),
        ("Madison", "WI", 1, ["537##"], ["608"]),
    ],
    "GB": [
        ("London", "ENG", 10, ["EC#@ #@@", "SW1@ #@@", "WC2@ #@@", "E1 #@@", "N1 #@@"], ["20"]),
        ("Manchester", "ENG", 3, ["M# #@@"], ["161"]),
        ("Birmingham", "ENG", 2, ["B# #@@"], ["121"]),
        ("Edinburgh", "SCT", 2, ["EH# #@@"], ["131"]),
        ("Bristol", "ENG", 1, ["BS# #@@"], ["117"]),
        ("Cambridge", "ENG", 1, ["CB# #@@"], ["1223"]),
    ],
    "DE": [
        ("Berlin", "BE", 5, ["10###"], ["30"]),
        ("München", "BY", 4, ["80###", "81###"], ["89"]),
        ("Munich", "BY", 1, ["80###"], ["89"]),
        ("Hamburg", "HH", 3, ["20###", "22###"], ["40"]),
        ("Frankfurt am Main", "HE", 3, ["60###"], ["69"]),
        ("Köln", "NW", 2, ["50###"], ["221"]),
        ("Düsseldorf", "NW", 1, ["40###"], ["211"]),
        ("Stuttgart", "BW", 2, ["70###"], ["711"]),
    ],
    "CA": [
        ("Toronto", "ON", 6, ["M5V #@#", "M4W #@#", "M5H #@#"], ["416", "647"]),
        ("Vancouver", "BC", 3, ["V6B #@#", "V6C #@#"], ["604", "778"]),
        ("Montréal", "QC", 2, ["H3B #@#", "H2X #@#"], ["514", "438"]),
        ("Calgary", "AB", 1, ["T2P #@#"], ["403"]),
        ("Ottawa", "ON", 1, ["K1P #@#"], ["613"]),
    ],
    "FR": [("Paris", "IDF", 5, ["750##"], ["1"]), ("Lyon", "ARA", 2, ["6900#"], ["4"])],
    "NL": [("Amsterdam", "NH", 4, ["10## @@"], ["20"]), ("Rotterdam", "ZH", 2, ["30## @@"], ["10"]),
           ("Utrecht", "UT", 1, ["35## @@"], ["30"])],
    "AU": [("Sydney", "NSW", 4, ["2000", "2060", "20##"], ["2"]),
           ("Melbourne", "VIC", 3, ["3000", "30##"], ["3"]),
           ("Brisbane", "QLD", 1, ["4000", "40##"], ["7"]), ("Perth", "WA", 1, ["6000"], ["8"])],
    "IE": [("Dublin", "D", 3, ["D0# @@##", "D02 @@##"], ["1"]), ("Cork", "", 1, ["T12 @@##"], ["21"])],
    "ES": [("Madrid", "MD", 2, ["280##"], ["91"]), ("Barcelona", "CT", 2, ["080##"], ["93"])],
    "IT": [("Milano", "MI", 2, ["201##"], ["2"]), ("Roma", "RM", 1, ["001##"], ["6"])],
    "SE": [("Stockholm", "", 2, ["1## ##"], ["8"]), ("Göteborg", "", 1, ["4## ##"], ["31"])],
    "CH": [("Zürich", "ZH", 2, ["80##"], ["44"]), ("Genève", "GE", 1, ["12##"], ["22"])],
    "IN": [("Bengaluru", "KA", 3, ["5600##"], ["80"]), ("Bangalore", "KA", 1, ["5600##"], ["80"]),
           ("Mumbai", "MH", 2, ["4000##"], ["22"]), ("New Delhi", "DL", 1, ["1100##"], ["11"])],
    "SG": [("Singapore", "", 3, ["0#####", "1#####", "23####"], ["6"])],
    "JP": [("Tokyo", "13", 3, ["1##-####"], ["3"])],
    "BR": [("São Paulo", "SP", 2, ["0####-###"], ["11"])],
    "MX": [("Ciudad de México", "CMX", 2, ["0####", "1####"], ["55"])],
    "IL": [("Tel Aviv", "", 2, ["6######"], ["3"])],
}
# Countries with no city table get one plain capital (for the benchmark's long tail).
CAPITALS: dict[str, str] = {
    "AT": "Wien", "BE": "Bruxelles", "DK": "København", "NO": "Oslo", "FI": "Helsinki",
    "PL": "Warszawa", "PT": "Lisboa", "CZ": "Praha", "KR": "Seoul", "CN": "Shanghai",
    "HK": "Hong Kong", "TW": "Taipei", "AR": "Buenos Aires", "CL": "Santiago", "CO": "Bogotá",
    "AE": "Dubai", "SA": "Riyadh", "ZA": "Johannesburg", "NG": "Lagos", "KE": "Nairobi",
    "EG": "Cairo", "TR": "İstanbul", "RU": "Moscow", "UA": "Kyiv", "NZ": "Auckland",
    "PH": "Manila", "MY": "Kuala Lumpur", "TH": "Bangkok", "VN": "Ho Chi Minh City",
    "ID": "Jakarta", "LU": "Luxembourg", "HU": "Budapest", "RO": "București", "GR": "Athens",
    "EE": "Tallinn",
}
COUNTRY_REGION: dict[str, str] = {
    "US": "us", "CA": "us", "GB": "uk", "IE": "uk", "AU": "uk", "NZ": "uk", "DE": "de",
    "AT": "de", "CH": "de", "FR": "fr", "BE": "fr", "LU": "fr", "ES": "es", "MX": "es",
    "AR": "es", "CL": "es", "CO": "es", "NL": "nl", "SE": "nordic", "DK": "nordic",
    "NO": "nordic", "FI": "nordic", "EE": "nordic", "IT": "it", "GR": "it", "IN": "in",
    "JP": "jp", "CN": "cn", "HK": "cn", "TW": "cn", "SG": "cn", "MY": "cn", "TH": "cn",
    "VN": "cn", "ID": "cn", "PH": "cn", "KR": "kr", "BR": "pt", "PT": "pt", "IL": "il",
    "PL": "pl", "CZ": "pl", "HU": "pl", "RO": "pl", "UA": "pl", "RU": "pl", "TR": "mena",
    "AE": "mena", "SA": "mena", "EG": "mena", "ZA": "africa", "NG": "africa", "KE": "africa",
}
# Where companies (and therefore leads) are, by weight.
COUNTRY_WEIGHTS: dict[str, int] = {
    "US": 560, "GB": 80, "DE": 65, "CA": 45, "FR": 30, "NL": 25, "AU": 25, "IN": 25,
    "IE": 12, "ES": 12, "IT": 10, "SE": 10, "CH": 10, "SG": 10, "JP": 8, "BR": 8, "MX": 6,
    "IL": 6, "AT": 4, "BE": 4, "DK": 4, "NO": 3, "FI": 3, "PL": 4, "PT": 3, "CZ": 2,
    "KR": 3, "CN": 3, "HK": 2, "TW": 2, "AR": 2, "CL": 1, "CO": 1, "AE": 3, "SA": 1, "ZA": 2,
    "NG": 1, "KE": 1, "EG": 1, "TR": 2, "RU": 1, "UA": 1, "NZ": 2, "PH": 1, "MY": 1,
    "TH": 1, "VN": 1, "ID": 1, "LU": 1, "HU": 1, "RO": 1, "GR": 1, "EE": 1,
}

# ---- phones --------------------------------------------------------------------
# Fields: {cc} country code, {a} area code, {s} subscriber, {s1}/{s2} its halves,
# {sp} subscriber in pairs (French style), {x} an extension.
PHONE_PLANS: dict[str, dict] = {
    "US": dict(cc="1", sub={3: 7}, templates=[
        ("({a}) {s1}-{s2}", 30), ("{a}-{s1}-{s2}", 20), ("{a}.{s1}.{s2}", 10),
        ("+1 {a} {s1} {s2}", 8), ("+1 ({a}) {s1}-{s2}", 5), ("{a}{s1}{s2}", 8),
        ("1-{a}-{s1}-{s2}", 4), ("+1{a}{s1}{s2}", 6), ("{a}-{s1}-{s2} x{x}", 4),
        ("({a}) {s1}-{s2} ext. {x}", 2), ("{a} {s1} {s2}", 3), ("1 ({a}) {s1}-{s2}", 1)]),
    "CA": dict(cc="1", sub={3: 7}, templates=[
        ("({a}) {s1}-{s2}", 30), ("{a}-{s1}-{s2}", 25), ("+1 {a} {s1} {s2}", 10),
        ("{a}.{s1}.{s2}", 5), ("{a}{s1}{s2}", 5), ("+1-{a}-{s1}-{s2}", 5)]),
    "GB": dict(cc="44", trunk="0", sub={2: 8, 3: 7, 4: 6}, mobile=["7700", "7911", "7824", "7403"],
               templates=[("0{a} {s1} {s2}", 40), ("+44 {a} {s1} {s2}", 20),
                          ("+44 (0){a} {s1} {s2}", 15), ("0{a}{s}", 10), ("(0{a}) {s1} {s2}", 5),
                          ("+44{a}{s}", 5), ("0044 {a} {s}", 2)]),
    "IE": dict(cc="353", trunk="0", sub={1: 7, 2: 7}, mobile=["85", "86", "87"],
               templates=[("0{a} {s1} {s2}", 40), ("+353 {a} {s1} {s2}", 30),
                          ("+353 (0){a} {s}", 10), ("0{a}{s}", 10)]),
    "DE": dict(cc="49", trunk="0", sub={2: 7, 3: 7}, mobile=["151", "160", "170", "176"],
               templates=[("0{a} {s}", 30), ("+49 (0){a} {s}", 15), ("+49 {a} {s}", 20),
                          ("0{a}/{s}", 10), ("0{a}-{s}", 5), ("+49{a}{s}", 5),
                          ("0049 {a} {s}", 3), ("+49 {a} {s1} {s2}", 5)]),
    "AT": dict(cc="43", trunk="0", sub={1: 7}, mobile=["664", "676"],
               templates=[("0{a} {s}", 40), ("+43 {a} {s}", 40), ("+43 (0){a} {s}", 10)]),
    "CH": dict(cc="41", trunk="0", sub={2: 7}, mobile=["79", "78"],
               templates=[("0{a} {s1} {s2}", 40), ("+41 {a} {s1} {s2}", 40), ("+41 (0){a} {s}", 10)]),
    "FR": dict(cc="33", trunk="0", sub={1: 8}, mobile=["6", "7"],
               templates=[("0{a} {sp}", 50), ("+33 {a} {sp}", 30), ("+33 (0){a} {sp}", 10),
                          ("0{a}{s}", 5), ("0{a}.{sp}", 5)]),
    "BE": dict(cc="32", trunk="0", sub={1: 7, 2: 6}, mobile=["47"],
               templates=[("0{a} {s1} {s2}", 50), ("+32 {a} {s1} {s2}", 40)]),
    "NL": dict(cc="31", trunk="0", sub={2: 7}, mobile=["6"],
               templates=[("0{a} {s1} {s2}", 35), ("+31 {a} {s1} {s2}", 25), ("0{a}-{s}", 15),
                          ("+31 (0){a} {s}", 10), ("0{a}{s}", 5)]),
    "ES": dict(cc="34", sub={2: 7}, mobile=["6"],
               templates=[("{a} {s1} {s2}", 40), ("+34 {a} {s1} {s2}", 40), ("+34{a}{s}", 10)]),
    "IT": dict(cc="39", sub={1: 8}, mobile=["3"],
               templates=[("0{a} {s}", 45), ("+39 0{a} {s}", 45)]),
    "SE": dict(cc="46", trunk="0", sub={1: 7, 2: 7}, mobile=["70", "73"],
               templates=[("0{a}-{s1} {s2}", 40), ("+46 {a} {s1} {s2}", 40), ("0{a} {s}", 10)]),
    "AU": dict(cc="61", trunk="0", sub={1: 8}, mobile=["4"],
               templates=[("(0{a}) {s1} {s2}", 35), ("0{a} {s1} {s2}", 25),
                          ("+61 {a} {s1} {s2}", 25), ("+61 (0){a} {s1} {s2}", 5), ("0{a}{s}", 5)]),
    "IN": dict(cc="91", trunk="0", sub={2: 8}, mobile=["98", "99", "97"],
               templates=[("+91 {a} {s1} {s2}", 35), ("0{a}-{s}", 25), ("0{a} {s}", 15),
                          ("+91-{a}-{s}", 10), ("+91{a}{s}", 10)]),
    "SG": dict(cc="65", sub={1: 7}, mobile=["8", "9"],
               templates=[("+65 {a}{s1} {s2}", 60), ("{a}{s1} {s2}", 30), ("+65{a}{s}", 10)]),
    "JP": dict(cc="81", trunk="0", sub={1: 8}, mobile=["90", "80"],
               templates=[("+81 {a}-{s1}-{s2}", 40), ("0{a}-{s1}-{s2}", 40), ("+81 {a} {s1} {s2}", 10)]),
    "BR": dict(cc="55", sub={2: 8}, mobile=["119"],
               templates=[("+55 {a} {s1}-{s2}", 40), ("({a}) {s1}-{s2}", 40), ("+55{a}{s}", 10)]),
    "MX": dict(cc="52", sub={2: 8}, templates=[("+52 {a} {s1} {s2}", 50), ("{a} {s1} {s2}", 30),
                                               ("+52 ({a}) {s1}-{s2}", 10)]),
    "IL": dict(cc="972", trunk="0", sub={1: 7}, mobile=["52", "54"],
               templates=[("+972 {a}-{s1}-{s2}", 45), ("0{a}-{s}", 40), ("+972{a}{s}", 10)]),
}
DEFAULT_PHONE_PLAN = dict(cc=None, trunk="0", sub={1: 7, 2: 7}, templates=[
    ("+{cc} {a} {s1} {s2}", 50), ("+{cc} {a} {s}", 20), ("0{a} {s}", 15), ("+{cc}{a}{s}", 10),
    ("00{cc} {a} {s}", 5)])
COUNTRY_CALLING_CODES: dict[str, str] = {
    "US": "1", "CA": "1", "GB": "44", "IE": "353", "DE": "49", "AT": "43", "CH": "41",
    "FR": "33", "BE": "32", "LU": "352", "NL": "31", "ES": "34", "IT": "39", "SE": "46",
    "DK": "45", "NO": "47", "FI": "358", "EE": "372", "PL": "48", "CZ": "420", "HU": "36",
    "RO": "40", "GR": "30", "PT": "351", "AU": "61", "NZ": "64", "IN": "91", "SG": "65",
    "JP": "81", "KR": "82", "CN": "86", "HK": "852", "TW": "886", "BR": "55", "MX": "52",
    "AR": "54", "CL": "56", "CO": "57", "IL": "972", "AE": "971", "SA": "966", "ZA": "27",
    "NG": "234", "KE": "254", "EG": "20", "TR": "90", "RU": "7", "UA": "380", "PH": "63",
    "MY": "60", "TH": "66", "VN": "84", "ID": "62",
}
# What people type when they will not give a number.
JUNK_PHONES: list[tuple[str, int]] = [
    ("n/a", 5), ("000", 3), ("call me", 2), ("N/A", 4), ("-", 2), ("0000000000", 2),
    ("123", 1), ("555-5555", 2), ("none", 2), ("tbd", 1), ("see notes", 1), ("1234567890", 2),
    ("x", 1), ("?", 1),
]

# ---- companies -----------------------------------------------------------------
# Legal form -> ways it gets written after the name (the first is the canonical one).
LEGAL_FORMS: dict[str, list[str]] = {
    "Inc.": [", Inc.", " Inc.", " Inc", " INC", ", Inc", " Incorporated", " Corp."],
    "Corporation": [" Corporation", " Corp.", " Corp", " CORPORATION", " corp.", " Inc."],
    "LLC": [" LLC", ", LLC", " L.L.C.", " llc", " Llc"],
    "Co.": [" Co.", " Company", " & Co.", " Co"],
    "Ltd": [" Ltd", " Ltd.", " Limited", " LTD", " ltd"],
    "PLC": [" plc", " PLC", " Public Limited Company", " Plc"],
    "GmbH": [" GmbH", " gmbh", " G.m.b.H.", " GMBH", " GmbH & Co. KG"],
    "AG": [" AG", " ag", " Aktiengesellschaft"],
    "B.V.": [" B.V.", " BV", " b.v.", " B.V"],
    "N.V.": [" N.V.", " NV"],
    "SAS": [" SAS", " S.A.S.", " sas"],
    "SA": [" SA", " S.A.", " sa"],
    "Pty Ltd": [" Pty Ltd", " Pty. Ltd.", " PTY LTD", " Pty Limited"],
    "K.K.": [" K.K.", " KK", " Co., Ltd."],
    "Pvt Ltd": [" Pvt Ltd", " Pvt. Ltd.", " Private Limited", " PVT LTD"],
    "S.L.": [" S.L.", " SL"],
    "S.p.A.": [" S.p.A.", " SpA", " S.P.A."],
    "S.r.l.": [" S.r.l.", " SRL", " srl"],
    "AB": [" AB", " Aktiebolag"],
    "A/S": [" A/S", " AS"],
    "Oy": [" Oy", " OY"],
    "Pte Ltd": [" Pte Ltd", " Pte. Ltd.", " PTE LTD"],
    "S.A. de C.V.": [" S.A. de C.V.", " SA de CV"],
    "Ltda.": [" Ltda.", " Ltda"],
    "sp. z o.o.": [" sp. z o.o.", " Sp. z o.o."],
    "": [""],
}
COUNTRY_LEGAL: dict[str, list[tuple[str, int]]] = {
    "US": [("Inc.", 45), ("Corporation", 12), ("LLC", 20), ("Co.", 5), ("", 18)],
    "CA": [("Inc.", 50), ("Ltd", 30), ("", 20)],
    "GB": [("Ltd", 60), ("PLC", 15), ("", 25)], "IE": [("Ltd", 60), ("PLC", 10), ("", 30)],
    "DE": [("GmbH", 65), ("AG", 20), ("", 15)], "AT": [("GmbH", 70), ("AG", 20), ("", 10)],
    "CH": [("AG", 55), ("GmbH", 25), ("SA", 20)],
    "FR": [("SAS", 50), ("SA", 35), ("", 15)], "BE": [("SA", 40), ("N.V.", 40), ("", 20)],
    "LU": [("SA", 80), ("", 20)],
    "NL": [("B.V.", 75), ("N.V.", 10), ("", 15)], "AU": [("Pty Ltd", 80), ("", 20)],
    "NZ": [("Ltd", 80), ("", 20)], "JP": [("K.K.", 70), ("", 30)],
    "IN": [("Pvt Ltd", 70), ("Ltd", 15), ("", 15)], "ES": [("S.L.", 60), ("SA", 25), ("", 15)],
    "IT": [("S.p.A.", 40), ("S.r.l.", 45), ("", 15)], "SE": [("AB", 85), ("", 15)],
    "DK": [("A/S", 85), ("", 15)], "NO": [("A/S", 85), ("", 15)], "FI": [("Oy", 85), ("", 15)],
    "SG": [("Pte Ltd", 85), ("", 15)], "MX": [("S.A. de C.V.", 80), ("", 20)],
    "BR": [("Ltda.", 60), ("SA", 25), ("", 15)], "PL": [("sp. z o.o.", 80), ("", 20)],
}
DEFAULT_LEGAL = [("Ltd", 40), ("Inc.", 20), ("", 40)]
COUNTRY_TLD: dict[str, str] = {
    "GB": ".co.uk", "DE": ".de", "FR": ".fr", "NL": ".nl", "AU": ".com.au", "CA": ".ca",
    "IN": ".in", "IE": ".ie", "ES": ".es", "IT": ".it", "SE": ".se", "CH": ".ch", "AT": ".at",
    "BE": ".be", "DK": ".dk", "NO": ".no", "FI": ".fi", "PL": ".pl", "PT": ".pt", "JP": ".co.jp",
    "BR": ".com.br", "MX": ".com.mx", "SG": ".com.sg", "NZ": ".co.nz", "IL": ".co.il",
    "ZA": ".co.za", "KR": ".co.kr", "CZ": ".cz", "HU": ".hu", "RO": ".ro", "GR": ".gr",
}
# Famous fictional companies, so examples in docs read naturally:
# (name, domain, country, industry, legal form, employees).
COMPANY_SPECIALS: list[tuple[str, str, str, str, str, int]] = [
    ("Acme", "acme.com", "US", "Manufacturing", "Inc.", 4200),
    ("Globex", "globex.com", "US", "Energy", "Corporation", 12000),
    ("Initech", "initech.com", "US", "Technology", "LLC", 850),
    ("Umbrella", "umbrellacorp.com", "US", "Biotechnology", "Corporation", 30000),
    ("Hooli", "hooli.xyz", "US", "Technology", "Inc.", 18000),
    ("Pied Piper", "piedpiper.com", "US", "Technology", "Inc.", 45),
    ("Northwind Traders", "northwindtraders.com", "US", "Food & Beverage", "Inc.", 320),
    ("Contoso", "contoso.com", "US", "Technology", "Ltd", 2500),
    ("Fabrikam", "fabrikam.com", "US", "Manufacturing", "Inc.", 900),
    ("Wayne Enterprises", "wayneenterprises.com", "US", "Engineering", "Inc.", 60000),
    ("Stark Industries", "starkindustries.com", "US", "Machinery", "", 45000),
    ("Wonka Industries", "wonka.com", "GB", "Food & Beverage", "Ltd", 1200),
    ("Cyberdyne Systems", "cyberdyne.com", "US", "Electronics", "Corporation", 3100),
    ("Soylent", "soylent.com", "US", "Food & Beverage", "Corporation", 700),
    ("Vandelay Industries", "vandelayindustries.com", "US", "Shipping", "", 60),
    ("Dunder Mifflin Paper Company", "dundermifflin.com", "US", "Retail", "Inc.", 400),
    ("Aperture Science", "aperturescience.com", "US", "Engineering", "Inc.", 1500),
    ("Massive Dynamic", "massivedynamic.com", "US", "Biotechnology", "", 25000),
    ("Müller & Söhne", "mueller-soehne.de", "DE", "Machinery", "GmbH", 380),
    ("Nordlicht Software", "nordlicht-software.de", "DE", "Technology", "AG", 640),
    ("Van der Berg Logistiek", "vdberg-logistiek.nl", "NL", "Transportation", "B.V.", 220),
    ("Brightline Solutions", "brightline.co.uk", "GB", "Consulting", "Ltd", 140),
    ("Société Lumière", "societe-lumiere.fr", "FR", "Media", "SAS", 90),
    ("Kangaroo Freight", "kangaroofreight.com.au", "AU", "Transportation", "Pty Ltd", 510),
    ("Maple Leaf Analytics", "mapleleafanalytics.ca", "CA", "Technology", "Inc.", 75),
    ("Sakura Digital", "sakura-digital.co.jp", "JP", "Technology", "K.K.", 260),
    ("Bangalore Cloudworks", "cloudworks.in", "IN", "Technology", "Pvt Ltd", 1100),
    ("Fjordline Data", "fjordline.no", "NO", "Technology", "A/S", 55),
    ("Café Olé", "cafeole.es", "ES", "Food & Beverage", "S.L.", 35),
    ("O'Reilly & Sons", "oreillysons.ie", "IE", "Construction", "Ltd", 180),
]
CO_WORDS_A = (
    "Blue North Silver Apex Summit Iron Cedar Harbor Pioneer Quantum Vertex Nimbus Crescent "
    "Granite Evergreen Redwood Falcon Beacon Horizon Atlas Orion Polar Copper Golden Bright Clear "
    "Swift True Prime Nova Stellar Lunar Solar Coastal Pacific Atlantic Alpine Prairie Maple Oak "
    "Pine Willow Aspen Birch Sterling Liberty Heritage Keystone Cornerstone Lighthouse Riverbend "
    "Stonebridge Westfield Eastgate Northstar Southpoint Bluewater Greenfield Highland Lakeside "
    "Meridian Zenith Vanguard Sentinel Catalyst Momentum Kinetic Fusion Vector Matrix Helix Pixel "
    "Signal Echo Pulse Spark Ember Forge Anvil Bolt Arrow Compass Anchor Harvest Orchard Meadow "
    "Canyon Mesa Ridge Tidewater Ironwood Nordlicht Sonnenberg Lindenhof Rheinland Alpen Edelweiss "
    "Lumière Étoile Soleil Azur Sol Luna Costa Sakura Fuji Kumo Aurora Fjord Nordic Viking Tulip "
    "Delta Kiwi Koala Ganges Lotus Jade Phoenix Tiger Cobalt Indigo Scarlet Amber Onyx Opal Ruby "
    "Sapphire Emerald Quartz Basalt Cypress Juniper Magnolia Sequoia Hawthorn Thistle Heather "
    "Bramble Foxglove Wren Kestrel Osprey Heron Raven Lynx Otter Bison Elk Orca Manta Coral Reef "
    "Lagoon Glacier Tundra Savanna Monsoon Zephyr Mistral Sirocco Borealis Equinox Solstice "
    "Parallax Axiom Vertexa Quantic Lumina Veritas Fortis Nexus Optima Praxis Sigma Omega Alpha "
    "Beta Gamma Kappa Tau Zeta Acorn Beehive Lantern Keel Mast Rudder Granary Mill Foundry Quarry "
    "Wharf Pier Bridgewater Oakridge Pinecrest Fairview Clearwater Silverline Goldcrest Redstone "
    "Blackwood Whitewater Greystone Brightwater Sunrise Sunset Moonstone Starlight Skyline "
    "Cloudbreak Waypoint Landmark Milestone Trailhead Basecamp Outpost Frontier Homestead".split()
)
CO_WORDS_B: list[tuple[str, str]] = [
    ("Analytics", "Technology"), ("Logistics", "Transportation"), ("Systems", "Technology"),
    ("Labs", "Biotechnology"), ("Software", "Technology"), ("Health", "Healthcare"),
    ("Capital", "Finance"), ("Foods", "Food & Beverage"), ("Energy", "Energy"),
    ("Robotics", "Machinery"), ("Media", "Media"), ("Bio", "Biotechnology"),
    ("Networks", "Telecommunications"), ("Consulting", "Consulting"), ("Partners", "Consulting"),
    ("Group", "Other"), ("Holdings", "Finance"), ("Industries", "Manufacturing"),
    ("Manufacturing", "Manufacturing"), ("Dynamics", "Engineering"), ("Solutions", "Technology"),
    ("Technologies", "Technology"), ("Cloud", "Technology"), ("Data", "Technology"),
    ("Security", "Technology"), ("Pharma", "Biotechnology"), ("Retail", "Retail"),
    ("Motors", "Transportation"), ("Materials", "Chemicals"), ("Insurance", "Insurance"),
    ("Bank", "Banking"), ("Financial", "Finance"), ("Telecom", "Telecommunications"),
    ("Hotels", "Hospitality"), ("Construction", "Construction"), ("Engineering", "Engineering"),
    ("Apparel", "Apparel"), ("Farms", "Agriculture"), ("Shipping", "Shipping"),
    ("Freight", "Transportation"), ("Learning", "Education"), ("Academy", "Education"),
    ("Studios", "Entertainment"), ("Games", "Entertainment"), ("Utilities", "Utilities"),
    ("Power", "Utilities"), ("Chemicals", "Chemicals"), ("Electronics", "Electronics"),
    ("Devices", "Electronics"), ("Medical", "Healthcare"), ("Clinics", "Healthcare"),
    ("Ventures", "Finance"), ("Realty", "Other"), ("Outdoors", "Recreation"),
    ("Foundation", "Not For Profit"), ("Marketing", "Media"), ("Works", "Manufacturing"),
    ("Supply", "Retail"), ("Brewing", "Food & Beverage"), ("Aerospace", "Engineering"),
    ("Environmental", "Environmental"), ("Payments", "Finance"), ("Insights", "Consulting"),
    ("Diagnostics", "Healthcare"), ("Mobility", "Transportation"), ("Interactive", "Media"),
]
SF_INDUSTRIES = [
    "Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications",
    "Construction", "Consulting", "Education", "Electronics", "Energy", "Engineering",
    "Entertainment", "Environmental", "Finance", "Food & Beverage", "Government", "Healthcare",
    "Hospitality", "Insurance", "Machinery", "Manufacturing", "Media", "Not For Profit", "Other",
    "Recreation", "Retail", "Shipping", "Technology", "Telecommunications", "Transportation",
    "Utilities",
]
# Industry values that came in from imports rather than the picklist.
OFF_PICKLIST_INDUSTRIES = ["Software", "SaaS", "Computer Software", "Hi-Tech", "IT Services",
                           "Financial Services", "Health Care", "Non-profit", "tech"]

# How a company writes its email addresses; f/l = first/last slug, fi/li = initials.
EMAIL_PATTERNS = [("{f}.{l}", 40), ("{fi}{l}", 25), ("{f}", 8), ("{f}{li}", 5), ("{f}_{l}", 5),
                  ("{l}.{f}", 4), ("{f}{l}", 8), ("{fi}.{l}", 5)]
FREE_EMAIL_DOMAINS: dict[str, list[tuple[str, int]]] = {
    "US": [("gmail.com", 45), ("yahoo.com", 15), ("outlook.com", 10), ("hotmail.com", 10),
           ("icloud.com", 6), ("aol.com", 4), ("comcast.net", 2), ("protonmail.com", 2),
           ("msn.com", 1), ("live.com", 2)],
    "GB": [("gmail.com", 40), ("hotmail.co.uk", 15), ("yahoo.co.uk", 10), ("btinternet.com", 8),
           ("outlook.com", 10), ("googlemail.com", 5), ("sky.com", 3)],
    "DE": [("gmail.com", 30), ("web.de", 20), ("gmx.de", 20), ("t-online.de", 10),
           ("gmx.net", 8), ("googlemail.com", 8), ("outlook.de", 4)],
    "FR": [("gmail.com", 40), ("orange.fr", 15), ("free.fr", 10), ("yahoo.fr", 10),
           ("hotmail.fr", 12), ("laposte.net", 5), ("wanadoo.fr", 3)],
    "": [("gmail.com", 55), ("outlook.com", 15), ("hotmail.com", 15), ("yahoo.com", 10),
         ("icloud.com", 3), ("protonmail.com", 2)],
}
GENERIC_LOCAL_PATTERNS = [("{f}.{l}", 30), ("{f}{l}", 20), ("{fi}{l}", 12), ("{f}.{l}{nn}", 10),
                          ("{f}{l}{yy}", 10), ("{f}_{l}", 6), ("{l}.{f}", 5), ("{f}{nn}", 7)]
ROLE_LOCALS = ["info", "sales", "contact", "marketing", "admin", "hello", "office", "team"]
DISPOSABLE_DOMAINS = ["mailinator.com", "guerrillamail.com", "10minutemail.com", "yopmail.com",
                      "trashmail.com", "sharklasers.com", "tempmail.net"]


def invalid_email(rng: random.Random, local: str, domain: str) -> str:
    """One of the ways a hand-typed address is broken."""
    base, _, tld = domain.rpartition(".")
    return rng.choice([
        f"{local}@{base},{tld}", f"{local}@", f"{local}.{domain}", f"{local}@@{domain}",
        f"{local} @{domain}", f"{local}@{base}", f"{local}@{base}..{tld}", f"{local}@ {domain}",
        f"{local}@{domain}.", f"<{local}@{domain}>", f"{local}@{domain};{local}2@{domain}",
    ])


# ---- titles -------------------------------------------------------------------------
TITLE_SPECIALS: list[tuple[str, int]] = [
    ("VP of Sales", 12), ("vp, marketing", 4), ("Sr. Dir. Demand Gen", 4), ("CTO", 10),
    ("Founder & CEO", 8), ("Head of RevOps", 6), ("mktg mgr", 3), ("SDR", 5), ("CEO", 14),
    ("Chief Revenue Officer", 6), ("CRO", 4), ("Co-Founder", 5), ("Owner", 6), ("President", 5),
    ("CFO", 6), ("COO", 5), ("CMO", 7), ("CIO", 5), ("Marketing Ops Manager", 6),
    ("Director, Sales Operations", 6), ("Account Executive", 10), ("BDR", 4),
    ("Sales Development Representative", 6), ("VP Sales", 8), ("V.P. Marketing", 3),
    ("EVP, Global Sales", 3), ("SVP Revenue", 3), ("Manager - Marketing Operations", 3),
    ("Demand Generation Manager", 7), ("Growth Marketing Lead", 4), ("IT Director", 6),
    ("Dir. of IT", 3), ("Software Engineer", 8), ("Sr Software Engr", 3),
    ("Procurement Specialist", 3), ("Office Manager", 4), ("Executive Assistant", 4),
    ("Intern", 2), ("Student", 2), ("Consultant", 4), ("Partner", 3), ("Managing Director", 5),
    ("Geschäftsführer", 3), ("Directeur Commercial", 2), ("Responsable Marketing", 2),
    ("Jefe de Ventas", 2), ("Head of Growth", 4), ("RevOps Analyst", 4), ("Salesforce Admin", 4),
    ("Sales Ops Analyst", 4), ("Chief Executive Officer", 4), ("Chief Technology Officer", 3),
    ("Chief Marketing Officer", 3), ("Dir Mktg", 2), ("Sr. Mgr, Sales Ops", 2), ("VP Eng", 2),
    ("Product Manager", 6), ("Sr. Product Manager", 3), ("Customer Success Manager", 6),
    ("Account Manager", 6), ("Regional Sales Manager", 5), ("Inside Sales Rep", 4),
    ("Business Development Manager", 5), ("Marketing Coordinator", 4), ("Data Analyst", 4),
    ("Purchasing Manager", 3), ("HR Manager", 3), ("Operations Manager", 5), ("General Manager", 4),
    ("Chairman", 1), ("Board Member", 1), ("Retired", 1), ("Self-employed", 1), ("n/a", 1),
]
TITLE_FUNCTIONS = [
    "Sales", "Marketing", "Demand Generation", "Demand Gen", "Revenue Operations", "RevOps",
    "Sales Operations", "Sales Ops", "Marketing Operations", "Marketing Ops", "Customer Success",
    "IT", "Information Technology", "Engineering", "Product", "Product Marketing", "Finance",
    "Operations", "HR", "Human Resources", "People", "Procurement", "Business Development",
    "Growth", "Partnerships", "Channel Sales", "Inside Sales", "Field Marketing",
    "Digital Marketing", "Communications", "Data", "Analytics", "Security", "Legal", "Enablement",
    "Sales Enablement", "Mktg", "Strategy", "Supply Chain", "Customer Experience",
]
TITLE_LEVELS: list[tuple[str, list[str]]] = [
    ("VP", ["{L} of {F}", "{L}, {F}", "{L} {F}", "{L} - {F}"]),
    ("Vice President", ["{L} of {F}", "{L}, {F}", "{L} {F}"]),
    ("SVP", ["{L}, {F}", "{L} {F}"]), ("EVP", ["{L}, {F}"]),
    ("Director", ["{L} of {F}", "{L}, {F}", "{F} {L}"]), ("Dir.", ["{L} {F}", "{L} of {F}"]),
    ("Sr. Director", ["{L}, {F}", "{L} of {F}"]), ("Senior Director", ["{L}, {F}", "{L} of {F}"]),
    ("Head", ["{L} of {F}"]), ("Manager", ["{F} {L}", "{L}, {F}", "{L} - {F}"]),
    ("Mgr", ["{F} {L}"]), ("Sr. Manager", ["{L}, {F}", "{F} {L}"]),
    ("Senior Manager", ["{L}, {F}", "{F} {L}"]), ("Lead", ["{F} {L}"]),
    ("Specialist", ["{F} {L}"]), ("Analyst", ["{F} {L}"]), ("Coordinator", ["{F} {L}"]),
    ("Associate", ["{F} {L}"]), ("Consultant", ["{F} {L}"]), ("Intern", ["{F} {L}"]),
]


def build_title_pool() -> list[str]:
    """Every title spelling we generate, most common first (deterministic, ~2,000)."""
    seen: dict[str, None] = {t: None for t, _ in sorted(TITLE_SPECIALS, key=lambda x: -x[1])}
    k = 0
    for level, patterns in TITLE_LEVELS:
        for fn in TITLE_FUNCTIONS:
            for pat in patterns:
                t = pat.format(L=level, F=fn)
                seen.setdefault(t, None)
                k += 1
                if k % 3 == 0:
                    seen.setdefault(t.lower(), None)
                if k % 11 == 0:
                    seen.setdefault(t.upper(), None)
    return list(seen)


# ---- CRM picklists ------------------------------------------------------------------
LEAD_SOURCES: list[tuple[str, int]] = [
    ("Web", 24), ("Webinar", 12), ("Trade Show", 9), ("Partner Referral", 7),
    ("Purchased List", 6), ("Google AdWords", 9), ("LinkedIn", 9), ("Content Download", 10),
    ("Employee Referral", 3), ("Phone Inquiry", 3), ("Email", 3), ("Other", 2),
    # imported / hand-typed spellings
    ("web", 2), ("Website", 2), ("Google Ads", 2), ("linkedin", 1), ("Trade show", 1),
    ("Tradeshow", 1), ("webinar ", 1),
]
LEAD_STATUS_ODDITIES = ["NEW", "IN_PROGRESS", "Attempted to Contact", "Nurture", "Unqualified",
                        "MQL", "open", "Contacted"]
EMPLOYEE_RANGES = [(1, 10), (10, 50), (50, 200), (200, 500), (500, 1000), (1000, 5000),
                   (5000, 10000)]

# ---- activities (Salesforce tasks) ----------------------------------------------------
# kind -> (type spellings, results with weights, subject templates); {company}/{first}/{step}.
ACTIVITY_KINDS: dict[str, tuple[list[str], list[tuple[str, int]], list[str]]] = {
    "call": (["Call", "Outbound Call", "Logged call"],
             [("Connected", 22), ("Left Voicemail", 38), ("No Answer", 30), ("Wrong Number", 4),
              ("Busy", 3), ("", 3)],
             ["Call", "Intro call - {company}", "Follow-up call", "Left VM", "Call: discovery",
              "Cold call {first}"]),
    "email": (["Email", "Sent email", "Email: Sent"],
              [("", 80), ("Replied", 8), ("Opened", 12)],
              ["Email: Quick question about {company}", "Re: Your webinar registration",
               "[Outreach] Step {step}: case study", "Following up",
               "Email: {first}, 15 minutes next week?", "Thanks for downloading the guide"]),
    "inmail": (["LinkedIn InMail"], [("", 70), ("Replied", 10), ("No Answer", 20)],
               ["InMail: Connecting"]),
    "meeting": (["Meeting", "Demo", "Meeting", "Discovery Meeting"],
                [("Connected", 75), ("No Show", 15), ("Rescheduled", 10)],
                ["Demo - {company}", "Discovery meeting", "{company} <> Lumen Cloud",
                 "Pricing walkthrough"]),
}
ACTIVITY_KIND_WEIGHTS = [("call", 42), ("email", 48), ("inmail", 6), ("meeting", 4)]
EMAIL_BOUNCE_RATE = 0.02

# ---- our own sales team ------------------------------------------------------------
OUR_DOMAIN = "lumencloud.io"
# (Name, Role, Territory, Weight, Capacity, Active, Out Of Office Until, Time Zone)
REPS: list[tuple[str, str, str, int, int, str, str, str]] = [
    ("Priya Raman", "Sales Manager", "All", 1, 25, "TRUE", "", "America/Chicago"),
    ("Marcus Chen", "Senior Sales Rep", "US West", 3, 60, "TRUE", "", "America/Los_Angeles"),
    ("Sofia Alvarez", "Senior Sales Rep", "US East", 3, 60, "TRUE", "", "America/New_York"),
    ("Jordan Blake", "Senior AE", "US Central", 2, 50, "TRUE", "", "America/Chicago"),
    ("Aiden Park", "Sales Rep", "US West", 2, 80, "TRUE", "2026-11-24", "America/Los_Angeles"),
    ("Liam O'Connor", "Sales Rep", "EMEA", 2, 80, "TRUE", "2026-10-02", "Europe/Dublin"),
    ("Hannah Schmidt", "AE", "EMEA", 2, 70, "TRUE", "", "Europe/Berlin"),
    ("Tyler Brooks", "SDR", "North America", 1, 150, "TRUE", "", "America/New_York"),
    ("Chloé Dubois", "SDR", "EMEA", 1, 150, "TRUE", "", "Europe/Paris"),
    ("Kenji Watanabe", "SDR", "APAC", 1, 120, "TRUE", "", "Asia/Tokyo"),
    ("Ryan Kowalski", "SDR", "North America", 1, 150, "FALSE", "", "America/Denver"),
]
SDR_BY_TERRITORY = {"EMEA": "Chloé Dubois", "APAC": "Kenji Watanabe"}  # else Tyler Brooks
LEAD_QUEUE = "Inbound Lead Queue"
VP_SALES = "Victoria Hale"  # approves 21-30% discounts (not a routable rep)
CEO = "Daniel Okafor"  # approves > 30%
US_WEST = {"CA", "WA", "OR", "CO", "AZ", "UT"}
US_CENTRAL = {"TX", "IL", "MN", "OH", "MI", "TN", "MO", "WI"}
APAC = {"AU", "NZ", "JP", "SG", "IN", "KR", "CN", "HK", "TW", "PH", "MY", "TH", "VN", "ID"}
LATAM = {"BR", "MX", "AR", "CL", "CO"}

# =============================================================================
# 2. Helpers shared with the benchmark
# =============================================================================

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def sf_id_bytes(prefix: str, numbers) -> np.ndarray:
    """18-character Salesforce ids as an (n, 18) uint8 array: prefix + base-62 number +
    the case-checksum suffix Salesforce appends. Vectorised; ``numbers`` are distinct ints."""
    nums = np.asarray(numbers, dtype=np.int64)
    alphabet = np.frombuffer(B62.encode(), dtype=np.uint8)
    out = np.empty((len(nums), 18), dtype=np.uint8)
    out[:, : len(prefix)] = np.frombuffer(prefix.encode(), dtype=np.uint8)
    rest = nums.copy()
    for pos in range(14, len(prefix) - 1, -1):
        out[:, pos] = alphabet[rest % 62]
        rest //= 62
    upper = (out[:, :15] >= ord("A")) & (out[:, :15] <= ord("Z"))
    bits = upper.reshape(-1, 3, 5) * (1 << np.arange(5))
    out[:, 15:] = np.frombuffer(_SUFFIX.encode(), dtype=np.uint8)[bits.sum(axis=2)]
    return out


def sf_ids(prefix: str, numbers) -> np.ndarray:
    """18-character Salesforce ids (e.g. 00Q5e00000PiROQEA3) as a numpy str array."""
    return sf_id_bytes(prefix, numbers).view("S18").ravel().astype("U18")


def wchoice(rng: random.Random, items):
    """Weighted choice from [(value, weight), ...]."""
    return rng.choices([v for v, _ in items], [w for _, w in items])[0]


def slug(name: str, region: str = "") -> str:
    """Name as it appears in an email local part: ascii, no spaces or apostrophes."""
    s = name.lower().replace("ß", "ss").replace("ł", "l").replace("ı", "i")
    if region == "de":
        s = s.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]", "", s)


def fill_pattern(rng: random.Random, pattern: str) -> str:
    """'#' -> digit, '@' -> upper-case letter (postal codes)."""
    return "".join(rng.choice(string.digits) if c == "#" else
                   rng.choice(POSTAL_LETTERS) if c == "@" else c for c in pattern)


POSTAL_LETTERS = "ABEGHJLNPRSTWXYZ"  # valid in both UK inward codes and Canadian FSAs


def phone_plan(country: str) -> dict:
    plan = PHONE_PLANS.get(country)
    if plan is None:
        plan = dict(DEFAULT_PHONE_PLAN, cc=COUNTRY_CALLING_CODES.get(country, "1"))
    return plan


def sub_length(plan: dict, area: str) -> int:
    sub = plan["sub"]
    return sub.get(len(area), max(sub.values()))


def phone_fields(area: str, sub: str, ext: str, cc: str) -> dict[str, str]:
    k = len(sub) // 2
    pairs = " ".join(sub[i:i + 2] for i in range(0, len(sub), 2))
    return dict(a=area, s=sub, s1=sub[:k], s2=sub[k:], sp=pairs, x=ext, cc=cc)


def random_phone_digits(rng: random.Random, country: str, areas: list[str], mobile: bool = False):
    """(area, subscriber) for a number in country; mobile uses the mobile prefixes."""
    plan = phone_plan(country)
    if mobile and plan.get("mobile"):
        area = rng.choice(plan["mobile"])
    else:
        area = rng.choice(areas) if areas else rng.choice(["2", "3"])
    n = sub_length(plan, area)
    sub = str(rng.randint(2, 9)) + "".join(rng.choice(string.digits) for _ in range(n - 1))
    return area, sub


def format_phone(rng: random.Random, country: str, area: str, sub: str, template: str | None = None) -> str:
    plan = phone_plan(country)
    template = template or wchoice(rng, plan["templates"])
    ext = str(rng.randint(10, 9999))
    return template.format(**phone_fields(area, sub, ext, plan["cc"] or ""))


def company_spellings(name: str, legal: str) -> list[str]:
    """Canonical spelling first, then the variants people type for the same company."""
    forms = LEGAL_FORMS[legal]
    canon = name + forms[0]
    out = [canon, name]
    out += [name + f for f in forms[1:]]
    out += [canon.upper(), canon.lower(), (name + forms[-1]).upper(), name.lower(),
            canon.replace(" ", "  ", 1) if " " in canon else canon + " ", "The " + canon]
    if legal == "Inc.":
        out += [(name + " Corporation").upper(), (name + " corp.").lower()]
    return list(dict.fromkeys(out))


def pick_company_spelling(rng: random.Random, spellings: list[str]) -> str:
    r = rng.random()
    if r < 0.58:
        return spellings[0]
    if r < 0.74:
        return spellings[1]
    return rng.choice(spellings[2:]) if len(spellings) > 2 else spellings[0]


def sig2(x: float) -> int:
    """Round to two significant digits, like revenue people report."""
    if x <= 0:
        return 0
    mag = 10 ** max(int(np.floor(np.log10(x))) - 1, 0)
    return int(round(x / mag) * mag)


def format_employees(rng: random.Random, n: int) -> str:
    r = rng.random()
    if r < 0.30:
        return str(n)
    if r < 0.42:
        return f"{n:,}"
    if r < 0.72:
        for lo, hi in EMPLOYEE_RANGES:
            if lo <= n < hi:
                return rng.choice([f"{lo:,}-{hi:,}", f"{lo}-{hi}", f"{lo:,} - {hi:,}"])
        return rng.choice(["10,000+", "10000+", "10k+"])
    if r < 0.84 and n >= 1000:
        return f"{n / 1000:g}k" if rng.random() < 0.7 else f"{n / 1000:g}K"
    if r < 0.90 and n >= 10:
        return f"{(n // 10) * 10}+" if n < 100 else f"{(n // 100) * 100}+"
    if r < 0.95:
        return rng.choice([f"~{n}", f"approx. {n}", f"{n} employees", f"{n} FTE"])
    return str(n)


def format_money(rng: random.Random, amount: int, currency: str = "$") -> str:
    r = rng.random()
    if r < 0.35:
        return str(amount)
    if r < 0.47:
        return f"{currency}{amount:,}"
    if r < 0.57:
        return f"{amount}.00"
    if amount >= 1_000_000_000:
        v = f"{amount / 1e9:g}"
        return rng.choice([f"{currency}{v}B", f"{v}B", f"{currency}{v} billion", f"{v}bn"])
    if amount >= 1_000_000:
        v = f"{amount / 1e6:g}"
        return rng.choice([f"{currency}{v}M", f"{v}M", f"{currency}{v}M", f"{currency}{v} M",
                           f"{v} million", f"{v}MM", f"USD {amount:,}"])
    v = f"{amount / 1e3:g}"
    return rng.choice([f"{currency}{v}K", f"{v}k", f"{currency}{v}k"])


def typo(rng: random.Random, s: str) -> str:
    """One keyboard slip: swap, drop, double or replace a letter (not the first)."""
    for _ in range(10):
        t = _typo_once(rng, s)
        if t != s:
            return t
    return s + s[-1]


def _typo_once(rng: random.Random, s: str) -> str:
    if len(s) < 4:
        return s + s[-1]
    i = rng.randint(1, len(s) - 2)
    kind = rng.randrange(4)
    if kind == 0:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    if kind == 1:
        return s[:i] + s[i + 1:]
    if kind == 2:
        return s[:i] + s[i] + s[i:]
    vowels = "aeiou"
    c = s[i]
    repl = rng.choice([v for v in vowels if v != c.lower()]) if c.lower() in vowels else c
    return s[:i] + repl + s[i + 1:]


def sf_datetime(t: dt.datetime) -> str:
    """Salesforce's US-locale export format: 3/4/2026 9:30 AM."""
    h = t.hour % 12 or 12
    return f"{t.month}/{t.day}/{t.year} {h}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}"


def sf_date(t: dt.date) -> str:
    return f"{t.month}/{t.day}/{t.year}"


def build_companies(rng: random.Random, n: int, with_specials: bool = True) -> list[dict]:
    """n companies: the fictional classics first, then generated names.

    Each: name, legal, spellings, domain, country, industry, employees, revenue,
    email_pattern, website.
    """
    c_vals = list(COUNTRY_WEIGHTS)
    c_cum = list(itertools.accumulate(COUNTRY_WEIGHTS.values()))
    out: list[dict] = []
    used_names: set[str] = set()
    used_domains: set[str] = set()
    surnames = sorted({s for _, (_, lasts) in NAMES.items() for s in lasts if " " not in s
                       and "'" not in s and s.isascii()})

    def add(name, domain, country, industry, legal, employees):
        used_names.add(name.lower())
        used_domains.add(domain)
        revenue = sig2(employees * rng.uniform(90_000, 420_000))
        out.append(dict(
            name=name, legal=legal, spellings=company_spellings(name, legal), domain=domain,
            country=country, industry=industry, employees=employees, revenue=revenue,
            email_pattern=wchoice(rng, EMAIL_PATTERNS),
            website=wchoice(rng, [("www.{d}", 35), ("https://{d}", 15), ("{d}", 20),
                                  ("http://www.{d}/", 10), ("https://www.{d}/", 15),
                                  ("https://www.{d}/en-us", 3), ("WWW.{D}", 2)]),
        ))

    if with_specials:
        for spec in COMPANY_SPECIALS[: n]:
            add(*spec)
    attempts = 0
    while len(out) < n:
        attempts += 1
        country = rng.choices(c_vals, cum_weights=c_cum)[0]  # == wchoice, without rebuilding lists
        a = rng.choice(CO_WORDS_A)
        b, industry = rng.choice(CO_WORDS_B)
        r = rng.random()
        if r < 0.62:
            name = f"{a} {b}"
        elif r < 0.72 and len(b) <= 6:
            name = f"{a}{b.lower()}"
        elif r < 0.84:
            name = f"{rng.choice(surnames)} {b}"
        elif r < 0.90:
            s1, s2 = rng.sample(surnames, 2)
            name, industry = f"{s1} & {s2}", rng.choice(["Consulting", "Finance", "Other"])
        else:
            name = f"{a} {rng.choice(CO_WORDS_A)} {b}"
        if name.lower() in used_names:
            if attempts > n * 50:
                name = f"{name} {len(out)}"
            else:
                continue
        tld = COUNTRY_TLD.get(country, ".com")
        if country == "US":
            tld = wchoice(rng, [(".com", 85), (".io", 6), (".co", 3), (".ai", 3), (".net", 3)])
        elif rng.random() < 0.25:
            tld = ".com"
        stem = slug(name.replace("&", "and").replace(" ", ""), COUNTRY_REGION.get(country, ""))
        domain = stem + tld
        k = 2
        while domain in used_domains:
            domain = f"{stem}{rng.choice(['hq', 'group', 'global', str(k)])}{tld}"
            k += 1
        employees = int(min(250_000, max(2, rng.lognormvariate(5.3, 1.7))))
        legal = wchoice(rng, COUNTRY_LEGAL.get(country, DEFAULT_LEGAL))
        add(name, domain, country, industry, legal, employees)
    return out


def country_cities(country: str) -> list[tuple[str, str, int, list[str], list[str]]]:
    if country in CITIES:
        return CITIES[country]
    return [(CAPITALS.get(country, ""), "", 1, ["#####"], ["2", "3"])]


def state_spelling(rng: random.Random, country: str, code: str) -> str:
    """How a subdivision gets typed. Outside STATE_COUNTRIES people write names, not codes."""
    name = STATE_NAMES.get((country, code), code)
    if country in STATE_COUNTRIES:
        options = [(code, 52), (name, 26), (name.lower(), 3), (code.lower(), 3), (name.upper(), 2)]
    else:
        options = [(name, 50), (code, 5)]
    extras = STATE_EXTRA_SPELLINGS.get((country, code), [])
    options += [(x, 8 / len(extras)) for x in extras]
    return wchoice(rng, options)


def country_spelling(rng: random.Random, country: str) -> str:
    return wchoice(rng, COUNTRY_SPELLINGS[country])


def territory_of(country: str, state: str) -> str:
    if country == "US":
        return "US West" if state in US_WEST else "US Central" if state in US_CENTRAL else "US East"
    if country == "CA":
        return "North America"
    if country in APAC:
        return "APAC"
    if country in LATAM:
        return "US Central"
    return "EMEA"


# =============================================================================
# 3. The sample files
# =============================================================================

def write_csv(path: Path, header, rows, *, delimiter=",", quoting=csv.QUOTE_ALL,
              encoding="utf-8", newline="\n", pre=(), post=()):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator=newline)
    for line in pre:
        w.writerow(line)
    w.writerow(header)
    w.writerows(rows)
    for line in post:
        w.writerow(line)
    path.write_bytes(buf.getvalue().encode(encoding))


def person_names(rng: random.Random, country: str) -> tuple[str, str, str]:
    region = COUNTRY_REGION.get(country, "us")
    if rng.random() < 0.22:  # people move; teams are international
        region = rng.choice(list(NAMES))
    firsts, lasts = NAMES[region]
    return rng.choice(firsts), rng.choice(lasts), region


def corporate_local(pattern: str, first: str, last: str, region: str) -> str:
    f, l = slug(first.split()[0], region), slug(last, region)
    return pattern.format(f=f, l=l, fi=f[:1], li=l[:1])


def generic_email(rng: random.Random, first: str, last: str, region: str, country: str) -> str:
    f, l = slug(first.split()[0], region), slug(last, region)
    local = wchoice(rng, GENERIC_LOCAL_PATTERNS).format(
        f=f, l=l, fi=f[:1], nn=rng.randint(1, 99), yy=rng.choice(["78", "84", "89", "91", "95", "02"]))
    domains = FREE_EMAIL_DOMAINS.get(country, FREE_EMAIL_DOMAINS[""])
    return f"{local}@{wchoice(rng, domains)}"


def random_create_time(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """Form fills cluster in business hours on weekdays, with a long tail."""
    span_days = (end - start).days
    while True:
        day = start.date() + dt.timedelta(days=rng.randrange(span_days + 1))
        weekend = day.weekday() >= 5
        if weekend and rng.random() < 0.6:
            continue
        if not weekend and rng.random() < 0.72:
            minute = rng.randint(8 * 60, 18 * 60 - 1)
        else:
            minute = rng.randint(0, 24 * 60 - 1)
        t = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)
        if start <= t < end:
            return t


def make_lead(rng: random.Random, companies: list[dict], company_weights: list[float]) -> dict:
    """One person as the CRM holds them, clean; mess is added when rendering."""
    co = rng.choices(companies, company_weights)[0]
    country = co["country"] if rng.random() < 0.9 else wchoice(rng, list(COUNTRY_WEIGHTS.items()))
    city, state, _, zips, areas = wchoice(rng, [(c, c[2]) for c in country_cities(country)])
    first, last, region = person_names(rng, country)
    area, sub = random_phone_digits(rng, country, areas)
    m_area, m_sub = random_phone_digits(rng, country, areas, mobile=True)
    return dict(company=co, country=country, city=city, state=state,
                zip=fill_pattern(rng, rng.choice(zips)), first=first, last=last, region=region,
                phone=(area, sub), mobile=(m_area, m_sub),
                phone_template=wchoice(rng, phone_plan(country)["templates"]),
                street=make_street(rng, country))


STREETS: dict[str, list[str]] = {
    "US": ["Market St", "Main Street", "Mission St", "5th Ave", "Broadway", "Madison Avenue",
           "Congress Ave", "Peachtree St NE", "Michigan Ave", "Elm St", "Oak Street",
           "University Ave", "Pine St", "Commerce Blvd", "Technology Dr", "Park Ave S",
           "Howard St", "Boylston St", "Pennsylvania Ave NW", "W 34th St"],
    "GB": ["High Street", "King's Road", "Oxford Street", "Church Lane", "Victoria Road",
           "Station Road", "Old Street", "Deansgate", "Princes Street"],
    "DE": ["Hauptstraße", "Friedrichstraße", "Leopoldstraße", "Bahnhofstr.", "Kurfürstendamm",
           "Schillerstraße", "Goethestr.", "Königsallee", "Mönckebergstraße"],
    "FR": ["rue de Rivoli", "avenue des Champs-Élysées", "boulevard Haussmann",
           "rue de la République", "rue du Faubourg Saint-Honoré"],
    "NL": ["Keizersgracht", "Herengracht", "Coolsingel", "Damrak", "Oudegracht"],
    "": ["Main Road", "Harbour Street", "Central Avenue", "Business Park", "Ring Road"],
}


def make_street(rng: random.Random, country: str) -> str:
    streets = STREETS.get(country, STREETS["" if country not in ("US", "CA", "AU") else "US"])
    s = rng.choice(streets)
    n = rng.randint(1, 2500) if country in ("US", "CA", "AU") else rng.randint(1, 180)
    if country in ("DE", "NL", "AT", "CH", "DK", "SE", "NO", "PL", "CZ"):
        base = f"{s} {n}"
    elif country == "FR":
        base = f"{n} {s}"
    else:
        base = f"{n} {s}"
    r = rng.random()
    if r < 0.12:
        base += rng.choice([f", Suite {rng.randint(1, 30) * 100}", f" Ste {rng.randint(100, 999)}",
                            f", Floor {rng.randint(2, 40)}", f" #{rng.randint(1, 999)}"])
    elif r < 0.16:  # multi-line street, as Salesforce stores it
        base += "\n" + rng.choice([f"Suite {rng.randint(1, 30) * 100}", f"Floor {rng.randint(2, 40)}",
                                   "Building C", f"Unit {rng.randint(1, 60)}"])
    return base


def messy_name(rng: random.Random, first: str, last: str) -> tuple[str, str]:
    r = rng.random()
    if r < 0.035:
        return first.upper(), last.upper()
    if r < 0.07:
        return first.lower(), last.lower()
    if r < 0.08:
        return first.upper(), last
    if r < 0.09:
        return f" {first}", f"{last} "
    return first, last


def lead_email(rng: random.Random, p: dict) -> tuple[str, str]:
    """(email as exported, kind). kind: corporate/generic/role/disposable/invalid/blank."""
    co = p["company"]
    r = rng.random()
    if r < 0.07:
        return "", "blank"
    if r < 0.29:
        email, kind = generic_email(rng, p["first"], p["last"], p["region"], p["country"]), "generic"
    elif r < 0.305:
        email, kind = f"{rng.choice(ROLE_LOCALS)}@{co['domain']}", "role"
    elif r < 0.315:
        email = f"{corporate_local(co['email_pattern'], p['first'], p['last'], p['region'])}@{rng.choice(DISPOSABLE_DOMAINS)}"
        kind = "disposable"
    else:
        email = f"{corporate_local(co['email_pattern'], p['first'], p['last'], p['region'])}@{co['domain']}"
        kind = "corporate"
    r = rng.random()
    local, _, domain = email.partition("@")
    if r < 0.015:
        return invalid_email(rng, local, domain), "invalid"
    if r < 0.045:
        return f"{local}@{domain.upper()}", kind
    if r < 0.065:
        return f"{local.capitalize()}@{domain}", kind
    return email, kind


def render_lead(rng: random.Random, p: dict, created: dt.datetime, owner: str, status: str) -> dict:
    """The exported row for person p, with realistic blanks and spelling mess."""
    co = p["company"]
    first, last = messy_name(rng, p["first"], p["last"])
    email, ekind = lead_email(rng, p)
    p["email"], p["email_kind"] = email, ekind
    country = p["country"]
    # phone
    r = rng.random()
    if r < 0.07:
        phone = ""
    elif r < 0.095:
        phone = wchoice(rng, JUNK_PHONES)
    else:
        phone = format_phone(rng, country, *p["phone"], template=p["phone_template"])
    mobile = format_phone(rng, country, *p["mobile"]) if rng.random() < 0.42 else ""
    # geography
    state = ""
    if p["state"] and (country in STATE_COUNTRIES or rng.random() < 0.35) and rng.random() > 0.07:
        state = state_spelling(rng, country, p["state"])
    r = rng.random()
    if r < 0.05 or (state and country == "US" and r < 0.12):
        country_txt = ""  # state alone tells
    elif r < 0.135:
        country_txt = wchoice(rng, UNKNOWN_COUNTRIES) if rng.random() < 0.15 else country_spelling(rng, country)
    else:
        country_txt = country_spelling(rng, country)
    city = p["city"]
    r = rng.random()
    city = "" if r < 0.06 else city.lower() if r < 0.08 else city.upper() if r < 0.095 else city
    title = "" if rng.random() < 0.07 else (
        wchoice(rng, TITLE_SPECIALS) if rng.random() < 0.6 else rng.choice(TITLE_POOL[:800]))
    industry = "" if rng.random() < 0.09 else (
        rng.choice(OFF_PICKLIST_INDUSTRIES) if rng.random() < 0.04 else co["industry"])
    return {
        "First Name": first,
        "Last Name": last,
        "Title": title,
        "Company": pick_company_spelling(rng, co["spellings"]) if rng.random() > 0.02 else "",
        "Email": email,
        "Phone": phone,
        "Mobile": mobile,
        "Street": "" if rng.random() < 0.14 else p["street"],
        "City": city,
        "State/Province": state,
        "Zip/Postal Code": "" if rng.random() < 0.08 else p["zip"],
        "Country": country_txt,
        "Website": "" if rng.random() < 0.11 else co["website"].format(d=co["domain"], D=co["domain"].upper()),
        "Industry": industry,
        "No. of Employees": "" if rng.random() < 0.12 else format_employees(rng, co["employees"]),
        "Annual Revenue": "" if rng.random() < 0.2 else format_money(rng, co["revenue"]),
        "Lead Source": "" if rng.random() < 0.04 else wchoice(rng, LEAD_SOURCES),
        "Lead Status": status,
        "Rating": wchoice(rng, [("Hot", 12), ("Warm", 25), ("Cold", 28), ("", 35)]),
        "Lead Owner": owner,
        "Create Date": sf_datetime(created),
        "Last Activity": "",
        "Email Opt Out": "1" if rng.random() < 0.06 else "0",
    }


LEAD_HEADER = ["Lead ID", "First Name", "Last Name", "Title", "Company", "Email", "Phone",
               "Mobile", "Street", "City", "State/Province", "Zip/Postal Code", "Country",
               "Website", "Industry", "No. of Employees", "Annual Revenue", "Lead Source",
               "Lead Status", "Rating", "Lead Owner", "Create Date", "Last Activity",
               "Email Opt Out"]
TITLE_POOL = build_title_pool()
ROUTABLE = [r for r in REPS if r[5] == "TRUE" and r[1] != "Sales Manager"]


def pick_owner(rng: random.Random, country: str, state: str, created: dt.datetime) -> str:
    if rng.random() < 0.03:
        return LEAD_QUEUE
    if created < AS_OF - dt.timedelta(days=45) and rng.random() < 0.06:
        return "Ryan Kowalski"  # left in October, still owns old leads
    terr = territory_of(country, state)
    if rng.random() < 0.05:  # misrouted
        terr = rng.choice(["US West", "US East", "EMEA"])
    reps = [r for r in ROUTABLE if r[2] == terr or (terr.startswith("US") and r[2] == "North America")]
    if not reps:
        return REPS[0][0]
    return wchoice(rng, [(r[0], r[3]) for r in reps])


def pick_status(rng: random.Random, created: dt.datetime, touched: bool) -> str:
    age = (AS_OF - created).days
    if rng.random() < 0.05:
        return rng.choice(LEAD_STATUS_ODDITIES)
    if not touched:
        return "Open - Not Contacted" if rng.random() < 0.9 else "Working - Contacted"
    if age > 28:
        return wchoice(rng, [("Working - Contacted", 45), ("Closed - Converted", 22),
                             ("Closed - Not Converted", 20), ("Open - Not Contacted", 5)])
    return wchoice(rng, [("Working - Contacted", 70), ("Closed - Converted", 6),
                         ("Closed - Not Converted", 6), ("Open - Not Contacted", 10)])


def relocate(rng: random.Random, p: dict, country: str, city: str, companies: list[dict]) -> None:
    """Move person p to a given city (and a company of that country) before rendering."""
    for name, state, _, zips, areas in country_cities(country):
        if name == city:
            break
    else:
        raise KeyError(city)
    same = [c for c in companies if c["country"] == country]
    if same and p["company"]["country"] != country:
        p["company"] = rng.choice(same)
    p.update(country=country, city=city, state=state, zip=fill_pattern(rng, rng.choice(zips)),
             phone=random_phone_digits(rng, country, areas),
             mobile=random_phone_digits(rng, country, areas, mobile=True),
             phone_template=wchoice(rng, phone_plan(country)["templates"]),
             street=make_street(rng, country))


# Rows (by person index) pinned to the exact examples the docs and tests talk about.
SHOWCASE_GEO = {
    # index: (country, city, Phone, State/Province, Country as exported)
    30: ("US", "San Francisco", "(415) 555-0134", "CA", "United States"),
    31: ("US", "San Francisco", "415.555.0134", "California", "USA"),
    32: ("US", "San Francisco", "+1 415 555 0134", "calif.", "U.S."),
    33: ("US", "San Francisco", "4155550134", "CA", ""),
    34: ("US", "San Francisco", "415-555-0134 x204", "CA", "us"),
    35: ("GB", "London", "020 7946 0958", "", "UK"),
    36: ("DE", "Berlin", "030 1234567", "Berlin", "Deutschland"),
    37: ("DE", "Berlin", "+49 (0)30 1234567", "", "Germany"),
    38: ("US", "Cambridge", "n/a", "MA", "United States"),
    39: ("US", "Holtsville", "000", "N.Y.", "USA"),
    40: ("CA", "Toronto", "call me", "ontario", "Canada"),
    41: ("AU", "Sydney", None, "NSW", "Australia"),
    42: ("DE", "München", None, "Bavaria", "DE"),
    43: ("NL", "Amsterdam", None, "", "Holland"),
    44: ("US", "Austin", None, "TX", "Narnia"),
    45: ("GB", "London", None, "", "EMEA"),
    46: ("GB", "Manchester", None, "", "England"),
    47: ("US", "Chicago", None, "IL", ""),
}


def apply_showcase_people(rng: random.Random, people: list[dict], companies: list[dict]) -> None:
    acme = companies[0]
    assert acme["name"] == "Acme"
    for i in (0, 20, 21, 22, 50, 52):
        people[i]["company"] = acme
        if people[i]["country"] != "US":
            relocate(rng, people[i], "US", "Boston", companies)
    for i, (country, city, *_rest) in SHOWCASE_GEO.items():
        relocate(rng, people[i], country, city, companies)
    people[3].update(first="John", last="Smith", region="us")
    people[7].update(first="Mary", last="O'Brien", region="us")
    people[11].update(first="Angus", last="McDonald", region="us")
    people[12].update(first="Pieter", last="van der Berg", region="nl")
    people[54].update(first="Sarah", last="Connor", region="us",
                      company=next(c for c in companies if c["name"] == "Cyberdyne Systems"))


def apply_showcase_rows(rows: list[dict], people: list[dict]) -> None:
    rows[3]["First Name"], rows[3]["Last Name"] = "JOHN", "SMITH"
    rows[7]["First Name"], rows[7]["Last Name"] = "mary", "o'brien"
    rows[11]["First Name"], rows[11]["Last Name"] = "Angus", "McDonald"
    rows[12]["First Name"], rows[12]["Last Name"] = "Pieter", "van der Berg"
    for i, spelling in ((20, "Acme, Inc."), (21, "ACME CORPORATION"), (22, "acme corp.")):
        rows[i]["Company"] = spelling
        rows[i]["Website"] = "www.acme.com"
    for i, (_, city, phone, state, country) in SHOWCASE_GEO.items():
        rows[i].update({"City": city, "State/Province": state, "Country": country})
        if phone is not None:
            rows[i]["Phone"] = phone
    rows[38]["Zip/Postal Code"] = "02139"
    rows[39]["Zip/Postal Code"] = "00501"
    # emails from the docs
    emails = {50: ("john@acme,com", "invalid"), 51: ("jane.doe@", "invalid"),
              52: ("info@acme.com", "role"), 53: (None, "disposable"),
              54: ("Sarah.Connor@CYBERDYNE.COM", "corporate")}
    for i, (email, kind) in emails.items():
        if email is None:
            local = slug(people[i]["first"]) + "." + slug(people[i]["last"])
            email = f"{local}@mailinator.com"
        rows[i]["Email"] = email
        people[i]["email_kind"] = kind
    # sizes from the docs
    rows[55]["No. of Employees"], rows[55]["Annual Revenue"] = "1,000-5,000", "$2.5M"
    rows[56]["No. of Employees"], rows[56]["Annual Revenue"] = "5k", "5000000"
    rows[57]["No. of Employees"], rows[57]["Annual Revenue"] = "250", "1.2B"
    rows[58]["No. of Employees"] = "10+"
    # titles from the docs
    for i, t in zip(range(60, 69), ["VP of Sales", "vp, marketing", "Sr. Dir. Demand Gen", "CTO",
                                    "Founder & CEO", "Head of RevOps", "mktg mgr", "SDR", ""]):
        rows[i]["Title"] = t
    # hostile cells (formula injection) and one harmless leading dash
    rows[70]["Company"] = '=HYPERLINK("http://x","click")'
    rows[71]["Title"] = "+cmd|' /C calc'!A0"
    rows[72]["Company"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    rows[73]["Title"] = "=1+1"
    rows[74]["Title"] = "- Sales"


DUP_KINDS = ["email_case"] * 8 + ["gmail_dots"] * 5 + ["nickname_phone"] * 6 + ["typo_same_company"] * 6


def build_leads(rng: random.Random, companies: list[dict]):
    """People, their rendered rows and the planted duplicate rows."""
    n_unique = 475
    weights = [1.0 / (i + 1) ** 0.75 for i in range(len(companies))]
    weights[0] = weights[1] * 1.3  # Acme shows up a lot
    start = AS_OF - dt.timedelta(weeks=10)
    people = []
    for _ in range(n_unique):
        p = make_lead(rng, companies, weights)
        p["created"] = random_create_time(rng, start, AS_OF)
        people.append(p)
    apply_showcase_people(rng, people, companies)
    for p in people:  # behaviour decides status; territory decides owner
        r = rng.random()
        p["behaviour"] = "never" if r < 0.09 else "email_only" if r < 0.19 else "worked"
        p["owner"] = pick_owner(rng, p["country"], p["state"], p["created"])
        p["status"] = pick_status(rng, p["created"], p["behaviour"] != "never")
    rows = [render_lead(rng, p, p["created"], p["owner"], p["status"]) for p in people]
    apply_showcase_rows(rows, people)
    for p, row in zip(people, rows):
        p["email"] = row["Email"]
        p["rating"] = row["Rating"]

    # ---- planted duplicates
    dups = []  # (source person index, row dict, kind, created)
    candidates = list(range(80, n_unique))
    rng.shuffle(candidates)
    used: set[int] = set()

    def fits(kind, p, row):
        if kind == "email_case":
            return "@" in row["Email"] and p["email_kind"] in ("corporate", "generic")
        if kind == "gmail_dots":
            return p["email_kind"] == "generic"
        if kind == "nickname_phone":
            return (p["first"] in NICKNAMES and p["country"] in PHONE_PLANS
                    and row["Phone"][:1] in tuple("(+0123456789")
                    and row["Phone"] not in dict(JUNK_PHONES))
        return len(p["last"]) >= 5 and bool(row["Company"])

    for kind in DUP_KINDS:
        j = next((j for j in candidates if j not in used and fits(kind, people[j], rows[j])), None)
        if j is None:
            continue
        used.add(j)
        p, src = people[j], rows[j]
        d = dict(src)
        room = min(30 * 24 * 60, int((AS_OF - p["created"]).total_seconds() // 60) - 5)
        later = p["created"] + dt.timedelta(minutes=rng.randint(5, max(room, 6)))
        d["Create Date"] = sf_datetime(later)
        d["Lead Status"] = "Open - Not Contacted"
        d["Rating"] = wchoice(rng, [("Hot", 1), ("Warm", 2), ("", 3)])
        d["Lead Source"] = wchoice(rng, LEAD_SOURCES)
        d["Last Activity"] = ""
        if rng.random() < 0.5:
            d["Lead Owner"] = pick_owner(rng, p["country"], p["state"], later)
        if kind == "email_case":
            local, _, dom = src["Email"].strip().partition("@")
            d["Email"] = rng.choice([f" {local.upper()}@{dom.upper()}", f"{local.title()}@{dom} ",
                                     f"{local}@{dom.upper()}", f"  {local.capitalize()}@{dom.capitalize()}"])
            if rng.random() < 0.5:
                d["Phone"] = format_phone(rng, p["country"], *p["phone"])
        elif kind == "gmail_dots":
            local = src["Email"].partition("@")[0].lower()
            f, l = slug(p["first"].split()[0], p["region"]), slug(p["last"], p["region"])
            if "." not in local:
                local = rng.choice([f"{f}.{l}", f"{f[:1]}.{l}"])
            src["Email"] = p["email"] = f"{local}@gmail.com"
            new_local = local.replace(".", "")
            d["Email"] = rng.choice([f"{new_local}@gmail.com", f"{new_local}+crm@gmail.com",
                                     f"{new_local}@googlemail.com"])
            d["Phone"] = ""
        elif kind == "nickname_phone":
            nick = rng.choice(NICKNAMES[p["first"]])
            d["First Name"] = nick
            others = [t for t, _ in phone_plan(p["country"])["templates"]
                      if t != p["phone_template"] and "{x}" not in t]
            d["Phone"] = format_phone(rng, p["country"], *p["phone"], template=rng.choice(others))
            d["Email"] = rng.choice(["", generic_email(rng, nick, p["last"], p["region"], p["country"])])
            d["Title"] = rng.choice(["", src["Title"]])
        else:  # typo_same_company
            if rng.random() < 0.6:
                d["Last Name"] = typo(rng, src["Last Name"])
            else:
                d["First Name"] = typo(rng, src["First Name"])
            pattern = rng.choice([t for t, _ in EMAIL_PATTERNS if t != p["company"]["email_pattern"]])
            d["Email"] = rng.choice(["", corporate_local(pattern, p["first"], p["last"], p["region"])
                                     + "@" + p["company"]["domain"]])
            d["Company"] = pick_company_spelling(rng, p["company"]["spellings"])
            d["Phone"] = rng.choice(["", src["Phone"]])
        dups.append((j, d, kind, later))
    return people, rows, dups


def build_activities(rng: random.Random, people: list[dict], lead_ids: list[str]):
    """Tasks logged on the leads; returns rows and the last activity per lead."""
    rep_styles = {}
    for r in REPS:
        calls, emails = ACTIVITY_KINDS["call"][0], ACTIVITY_KINDS["email"][0]
        rep_styles[r[0]] = dict(  # each rep logs in their own habit
            call=rng.choice([[calls[0]], [calls[1]], [calls[2]], calls[:2]]),
            email=rng.choice([[emails[0]], [emails[1]], [emails[2]], emails[:2]]),
            inmail=ACTIVITY_KINDS["inmail"][0], meeting=ACTIVITY_KINDS["meeting"][0],
        )

    def business_start(t: dt.datetime, spread: bool = False) -> dt.datetime:
        """Next moment a rep is at the desk (8:00-18:00 Mon-Fri): coffee first for a new
        lead; a follow-up that would fall on a night or weekend goes anywhere in a working day."""
        snapped = weekend = False
        while t.weekday() >= 5 or t.hour >= 18 or t.hour < 8:
            snapped = True
            weekend = weekend or t.weekday() >= 5
            if t.weekday() >= 5 or t.hour >= 18:
                t = dt.datetime.combine(t.date() + dt.timedelta(days=1), dt.time(8, 0))
            else:
                t = dt.datetime.combine(t.date(), dt.time(8, 0))
        if snapped:
            t += dt.timedelta(minutes=rng.randint(0, 560) if spread else rng.randint(2, 170))
            if spread and weekend:
                t += dt.timedelta(days=rng.randint(0, 4))
        return t

    rows, last = [], {}
    for idx, (p, lid) in enumerate(zip(people, lead_ids)):
        if p["behaviour"] == "never":
            continue
        terr_sdr = SDR_BY_TERRITORY.get(territory_of(p["country"], p["state"]), "Tyler Brooks")
        owner = p["owner"] if p["owner"] != LEAD_QUEUE else terr_sdr
        created = p["created"]
        in_hours = created.weekday() < 5 and 8 <= created.hour < 18
        hot = p.get("rating") == "Hot"
        if in_hours:
            r = rng.random()
            if hot or r < 0.7:
                delay = dt.timedelta(minutes=rng.choice([rng.randint(1, 15), rng.randint(2, 59)]))
            elif r < 0.82:
                delay = dt.timedelta(minutes=rng.randint(60, 240))
            else:
                delay = dt.timedelta(hours=rng.randint(18, 30))
            first = business_start(created + delay)
        else:
            first = business_start(created)
        email_only = p["behaviour"] == "email_only"
        status = p["status"]
        n = (rng.randint(1, 6) if email_only else
             rng.randint(8, 14) if status == "Closed - Converted" else
             rng.randint(6, 12) if status == "Closed - Not Converted" else rng.randint(5, 11))
        times = [first]
        for _ in range(n - 1):
            gap = dt.timedelta(hours=rng.choice([2, 4, 20, 24, 26, 48, 70, 96]) + rng.random() * 3)
            times.append(business_start(times[-1] + gap, spread=True))
        times = [t for t in times if t < AS_OF]
        for k, t in enumerate(times):
            who = owner if rng.random() < 0.85 else terr_sdr
            style = rep_styles[who]
            company = p["company"]["name"]
            if email_only:
                kind = "email"
            elif k == 0:
                kind = "call" if rng.random() < 0.7 else "email"
            elif status == "Closed - Converted" and k >= len(times) - 2:
                kind = "meeting"
            else:
                kind = wchoice(rng, ACTIVITY_KIND_WEIGHTS)
            _, results, subjects = ACTIVITY_KINDS[kind]
            atype = rng.choice(style[kind])
            result = wchoice(rng, results)
            if kind == "email" and (p.get("email_kind") == "invalid" or not p.get("email")
                                    or rng.random() < EMAIL_BOUNCE_RATE):
                result = "Bounced"
            subject = rng.choice(subjects).format(company=company, first=p["first"], step=k + 1)
            email = (p.get("email") or "").strip()
            r = rng.random()
            if r < 0.1 and "@" in email:
                lead_ref, email_ref = "", rng.choice([email, email.lower(), email.upper(), f" {email}"])
            elif r < 0.14 and "@" in email:
                lead_ref, email_ref = lid, email
            else:
                lead_ref, email_ref = lid, ""
            rows.append([lead_ref, email_ref, atype, subject, t, who, result])
            last[idx] = max(last.get(idx, t), t)
    rows.sort(key=lambda r: r[4])
    ids = sf_ids("00T5e00000", [500_000_000 + i * 37 + rng.randint(0, 30) for i in range(len(rows))])
    out = [[aid, *r[:4], sf_datetime(r[4]), *r[5:]] for aid, r in zip(ids, rows)]
    return out, last


def write_reps(out: Path) -> None:
    rows = []
    ids = sf_ids("0055e00000", [260_000_000 + i * 4513 for i in range(len(REPS))])
    for rid, (name, role, terr, weight, cap, active, ooo, tz) in zip(ids, REPS):
        email = slug(name.split()[0]) + "." + slug(name.split()[-1]) + "@" + OUR_DOMAIN
        rows.append([rid, name, email, role, terr, weight, cap, active, ooo, tz])
    write_csv(out / "reps.csv", ["Rep ID", "Name", "Email", "Role", "Territory", "Weight",
                                 "Capacity", "Active", "Out Of Office Until", "Time Zone"],
              rows, quoting=csv.QUOTE_MINIMAL)


# ---- campaigns & events ---------------------------------------------------------------
CAMPAIGNS = [
    # name, type, status, start, end, budget, email?
    ("2026-09-Webinar-Pipeline-Accelerator", "Webinar", "Completed", (2026, 9, 16), (2026, 9, 16), 12000, True),
    ("2026-09-Email-Q3-Product-Launch", "Email", "Completed", (2026, 9, 8), (2026, 9, 30), 4000, True),
    ("2026-10-Tradeshow-RevOps-Live-London", "Trade Show", "Completed", (2026, 10, 6), (2026, 10, 7), 68000, False),
    ("2026-10-Webinar-Forecasting-101", "Webinar", "Completed", (2026, 10, 14), (2026, 10, 14), 9500, True),
    ("2026-10-PaidSocial-LinkedIn-ABM", "Paid Social", "In Progress", (2026, 10, 1), (2026, 12, 15), 45000, False),
    ("2026-10-Email-Newsletter-October", "Email", "Completed", (2026, 10, 20), (2026, 10, 20), 1500, True),
    ("2026-11-ContentSyndication-State-of-RevOps", "Content Syndication", "In Progress", (2026, 11, 2), (2026, 12, 31), 22000, False),
    ("2026-11-Email-Black-Friday-Offer", "Email", "In Progress", (2026, 11, 17), (2026, 11, 30), 3000, True),
    ("2026-11-Event-B2B-Growth-Forum-NYC", "Event", "Completed", (2026, 11, 4), (2026, 11, 5), 31000, False),
    ("2026-08-DirectMail-Executive-Kit", "Direct Mail", "Completed", (2026, 8, 18), (2026, 9, 30), 18500, False),
    ("2026-12-Webinar-2027-Planning", "Webinar", "Planned", (2026, 12, 9), (2026, 12, 9), 8000, True),
    ("Q3 Webinar - Data Hygiene", "Webinar", "Completed", (2026, 8, 27), (2026, 8, 27), 7000, True),
    ("2026-9-Email-Reengagement", "Email", "Completed", (2026, 9, 22), (2026, 10, 6), 2500, True),
    ("2026_10_PaidSearch_Brand", "Paid Search", "In Progress", (2026, 10, 1), (2026, 12, 31), 120000, False),
    ("Partner Summit 2026", "Partner", "Aborted", (2026, 11, 12), (2026, 11, 13), 26000, False),
]
EVENTS = [
    # name, start, end, city, est budget scale, leads captured planned
    ("RevOps Live London 2026", dt.date(2026, 10, 6), dt.date(2026, 10, 7), 68000),
    ("Pipeline Summit San Francisco", dt.date(2026, 9, 22), dt.date(2026, 9, 24), 95000),
    ("B2B Growth Forum NYC", dt.date(2026, 11, 4), dt.date(2026, 11, 5), 31000),
    ("Digital Marketing Expo Köln", dt.date(2026, 9, 16), dt.date(2026, 9, 17), 54000),
    ("Customer Success Connect Austin", dt.date(2026, 10, 20), dt.date(2026, 10, 21), 22000),
    ("SaaS Leaders Dinner Series Q4", dt.date(2026, 12, 3), dt.date(2026, 12, 3), 12000),
]
EVENT_LINES = ["Booth/Sponsorship", "Travel & Hotel", "Booth Design", "Collateral", "Staff Time",
               "Shipping", "Entertainment", "Lead Scanner", "Promotion"]
EVENT_SPLIT = [0.42, 0.18, 0.12, 0.04, 0.12, 0.04, 0.04, 0.01, 0.03]

FIXED_ZIP_TIME = (2026, 11, 20, 8, 0, 0)


def save_workbook_deterministic(wb, path: Path) -> None:
    """openpyxl stamps 'now' into docProps and zip entries; pin both."""
    stamp = dt.datetime(*FIXED_ZIP_TIME)
    wb.properties.creator = "Lumen Cloud Marketing Ops"
    wb.properties.lastModifiedBy = "Lumen Cloud Marketing Ops"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    raw = io.BytesIO()
    wb.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>2026-11-20T08:00:00Z\2", data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zout.writestr(zi, data)
    path.write_bytes(out.getvalue())


def write_campaigns(rng: random.Random, out: Path) -> list[str]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header = ["Campaign ID", "Campaign Name", "Type", "Status", "Start Date", "End Date",
              "Budgeted Cost", "Actual Cost", "Media Cost", "Creative Cost", "Tools Cost",
              "Labor Cost", "Approved By", "Emails Sent", "Delivered", "Opens", "Clicks",
              "Conversions", "Bounces", "Unsubscribes", "UTM Source", "UTM Medium",
              "UTM Campaign", "Subject Line", "Spam Score", "Has Unsubscribe Link"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Campaigns"
    ws.append(["Marketing Campaigns FY2026 - exported 11/20/2026"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(header)
    for c in ws[3]:
        c.font = Font(bold=True)
    ids = sf_ids("7015e00000", [410_000_000 + i * 5303 for i in range(len(CAMPAIGNS))])
    subjects = {
        "2026-09-Webinar-Pipeline-Accelerator": "You're invited: Pipeline Accelerator (live Sept 16)",
        "2026-09-Email-Q3-Product-Launch": "Meet the new Lumen Cloud routing engine",
        "2026-10-Webinar-Forecasting-101": "Forecasting 101 - save your seat",
        "2026-10-Email-Newsletter-October": "October RevOps digest",
        "2026-11-Email-Black-Friday-Offer": "FREE!!! 50% OFF EVERYTHING - ACT NOW - LIMITED TIME OFFER!!!",
        "2026-12-Webinar-2027-Planning": "Plan 2027 pipeline in 45 minutes",
        "Q3 Webinar - Data Hygiene": "Is your CRM data lying to you?",
        "2026-9-Email-Reengagement": "We miss you, {FirstName} - here's what's new since you last logged in",
    }
    for cid, (name, ctype, status, s, e, budget, is_email) in zip(ids, CAMPAIGNS):
        planned = status == "Planned"
        actual = None if planned else int(round(budget * rng.uniform(0.78, 1.18), -1))
        if actual is not None:
            split = [rng.uniform(0.3, 0.6), rng.uniform(0.1, 0.25), rng.uniform(0.05, 0.12)]
            media, creative, tools = (int(round(actual * x, -1)) for x in split)
            labor = actual - media - creative - tools
            if name == "2026-10-Webinar-Forecasting-101":
                labor += 1500  # the cost lines no longer add up to Actual Cost
        else:
            media = creative = tools = labor = None
        if budget < 5000:
            approver = "Marketing Manager"
        elif budget <= 25000:
            approver = "Director of Marketing"
        elif budget <= 100000:
            approver = "CMO"
        else:
            approver = "CEO"
        if name == "2026-10-PaidSocial-LinkedIn-ABM":
            approver = "Director of Marketing"  # $45K: should have been the CMO
        if name == "2026_10_PaidSearch_Brand":
            approver = "CMO"  # $120K: should have been the CEO
        if name == "2026-10-Email-Newsletter-October":
            approver = ""
        if name == "2026-08-DirectMail-Executive-Kit":
            approver = "Dir. Marketing"
        metrics = [None] * 7
        if is_email and not planned:
            sent = rng.choice([4800, 12500, 18000, 25400, 40200, 61000])
            bounce_rate = 0.072 if name == "2026-9-Email-Reengagement" else rng.uniform(0.006, 0.03)
            bounces = int(sent * bounce_rate)
            delivered = sent - bounces
            open_rate = 0.11 if name == "2026-10-Email-Newsletter-October" else rng.uniform(0.17, 0.38)
            opens = int(delivered * open_rate)
            click_rate = 0.013 if name == "Q3 Webinar - Data Hygiene" else rng.uniform(0.021, 0.06)
            clicks = int(delivered * click_rate)
            conv = int(delivered * (0.004 if name == "2026-11-Email-Black-Friday-Offer" else rng.uniform(0.011, 0.03)))
            unsub = int(delivered * (0.016 if name == "2026-9-Email-Reengagement" else rng.uniform(0.001, 0.006)))
            metrics = [sent, delivered, opens, clicks, conv, bounces, unsub]
        utm_medium = {"Webinar": "email", "Email": "email", "Paid Social": "paid_social",
                      "Paid Search": "cpc", "Content Syndication": "syndication",
                      "Direct Mail": "offline", "Trade Show": "event", "Event": "event",
                      "Partner": "partner"}[ctype]
        utm_source = {"Paid Social": "linkedin", "Paid Search": "google", "Content Syndication": "techtarget",
                      "Partner": "partner", "Direct Mail": "mailer"}.get(ctype, "lumencloud" if utm_medium == "email" else "event")
        utm_campaign = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
        if name == "2026-10-Webinar-Forecasting-101":
            utm_campaign = ""
        if name == "2026_10_PaidSearch_Brand":
            utm_source = "Google"
        start = dt.datetime(*s)
        end = dt.datetime(*e)
        row = [cid, name, ctype, status, start, end, budget, actual, media, creative, tools, labor,
               approver, *metrics, utm_source, utm_medium, utm_campaign, subjects.get(name),
               round(rng.uniform(0.4, 4.2), 1) if is_email else None,
               ("Yes" if name != "2026-11-Email-Black-Friday-Offer" else "No") if is_email else None]
        if name == "2026-11-Email-Black-Friday-Offer":
            row[header.index("Spam Score")] = 7.8
        if name == "2026-09-Email-Q3-Product-Launch":
            row[header.index("End Date")] = "9/30/2026"  # typed as text
        if name == "Partner Summit 2026":
            row[header.index("Budgeted Cost")] = "$26,000"  # typed as text
        ws.append(row)
    for col in ("E", "F"):
        for cell in ws[col][3:]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "m/d/yyyy"
    for col in "GHIJKL":
        for cell in ws[col][3:]:
            cell.number_format = '"$"#,##0'
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["X"].width = 50
    ws.freeze_panes = "A4"
    notes = wb.create_sheet("Notes")
    notes.append(["Costs in USD. Labor Cost = hours logged x $85 blended rate."])
    notes.append(["Partner Summit was cancelled on 10/30; deposit not refunded."])
    notes.append(["Approval thresholds per Campaign Execution SOP v3 (see Confluence)."])
    save_workbook_deterministic(wb, out / "campaigns.xlsx")
    return [c[0] for c in CAMPAIGNS]


def write_events(rng: random.Random, out: Path, people, lead_rows) -> list[tuple]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    # ---- scanned leads first, so Leads Captured matches them
    past = [e for e in EVENTS if e[2] < AS_OF.date()]
    counts = [22, 18, 14, 15, 11]
    ev_rows = []
    known = [i for i, p in enumerate(people) if "@" in (p.get("email") or "") and p["email_kind"] in ("corporate", "generic")]
    rng.shuffle(known)
    known = known[:14]
    k_iter = iter(known)
    companies = build_companies(random.Random(SEED + 1), 40, with_specials=False)
    for (ename, start, end, _), n in zip(past, counts):
        for j in range(n):
            day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
            scan = dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(minutes=rng.randint(0, 8 * 60), seconds=rng.randint(0, 59))
            note = wchoice(rng, [("", 45), ("Hot - wants demo", 8), ("Booth visitor", 10),
                                 ("Met at happy hour", 5), ("Card scan - no email", 4),
                                 ("Asked about pricing", 8), ("Competitor customer (Openprise)", 3),
                                 ("Follow up in Q1", 6), ("Student - not a lead", 2),
                                 ("Wants integration w/ HubSpot", 5), ("Talked to Marcus", 4)])
            if rng.random() < 0.18:
                i = next(k_iter, None)
            else:
                i = None
            if i is not None:
                p, lr = people[i], lead_rows[i]
                if note == "Card scan - no email":
                    note = "Booth visitor"
                first = rng.choice([p["first"], p["first"].upper(), NICKNAMES.get(p["first"], [p["first"]])[0]])
                email = rng.choice([p["email"], p["email"].lower(), p["email"].upper()]).strip()
                company = pick_company_spelling(rng, p["company"]["spellings"])
                phone = format_phone(rng, p["country"], *p["phone"]) if rng.random() < 0.7 else ""
                row = [ename, first, p["last"], company, email, phone, lr["Title"],
                       rng.choice([country_spelling(rng, p["country"]), p["country"]]),
                       scan.strftime("%Y-%m-%dT%H:%M:%S"), note]
            else:
                co = rng.choice(companies)
                country = co["country"]
                city, state, _, zips, areas = rng.choice(country_cities(country))
                first, last, region = person_names(rng, country)
                email = "" if note == "Card scan - no email" else (
                    f"{corporate_local(co['email_pattern'], first, last, region)}@{co['domain']}"
                    if rng.random() < 0.85 else generic_email(rng, first, last, region, country))
                phone = format_phone(rng, country, *random_phone_digits(rng, country, areas, mobile=rng.random() < 0.5)) if rng.random() < 0.75 else ""
                title = "" if rng.random() < 0.1 else wchoice(rng, TITLE_SPECIALS)
                fn, ln = messy_name(rng, first, last)
                row = [ename, fn, ln, pick_company_spelling(rng, co["spellings"]), email, phone, title,
                       country_spelling(rng, country) if rng.random() < 0.92 else "",
                       scan.strftime("%Y-%m-%dT%H:%M:%S"), note]
            ev_rows.append(row)
    ev_rows.sort(key=lambda r: (r[0], r[8]))
    truth = []
    lead_by_email = {lead_rows[i]["Email"].strip().lower(): lead_rows[i]["Lead ID"] for i in known}
    for n, r in enumerate(ev_rows, start=1):
        lid = lead_by_email.get(r[4].strip().lower())
        if lid:
            truth.append(("event_leads.csv", f"row {n}", lid, "event scan of existing lead"))
    buf_path = out / "event_leads.csv"
    write_csv(buf_path, ["Event", "First", "Last", "Company", "Email", "Phone", "Job Title",
                         "Country", "Scan Time", "Notes"], ev_rows, quoting=csv.QUOTE_MINIMAL,
              encoding="utf-8-sig", newline="\r\n")
    captured = {}
    for r in ev_rows:
        captured[r[0]] = captured.get(r[0], 0) + 1

    # ---- the budget sheet
    wb = Workbook()
    ws = wb.active
    ws.title = "Events"
    header = ["Event Name", "Start Date", "End Date"]
    for line in EVENT_LINES:
        header += [f"{line} (Estimated)", f"{line} (Actual)"]
    header += ["Leads Captured", "Meetings Scheduled", "Pipeline Generated"]
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    for ename, start, end, budget in EVENTS:
        row = [ename, dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time())]
        happened = end < AS_OF.date()
        for line, share in zip(EVENT_LINES, EVENT_SPLIT):
            est = int(round(budget * share, -2))
            act = int(round(est * rng.uniform(0.8, 1.35), -1)) if happened else None
            if happened and line == "Lead Scanner" and ename == "Customer Success Connect Austin":
                act = None  # nobody entered it
            row += [est, act]
        leads = captured.get(ename) if happened else None
        meetings = max(1, int(leads * rng.uniform(0.15, 0.45))) if leads else None
        pipeline = None
        if happened:
            total = sum(x for x in row[4::2][: len(EVENT_LINES)] if x)
            roi_target = {"RevOps Live London 2026": 5.2, "Pipeline Summit San Francisco": 2.1,
                          "B2B Growth Forum NYC": 4.6, "Digital Marketing Expo Köln": 0.6,
                          "Customer Success Connect Austin": 3.4}[ename]
            pipeline = int(round(total * roi_target, -3))
        row += [leads, meetings, pipeline]
        ws.append(row)
    for col in ws.iter_cols(min_row=2, min_col=2, max_col=3):
        for cell in col:
            cell.number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 34
    save_workbook_deterministic(wb, out / "events.xlsx")
    return truth


ACCOUNT_HEADER = ["Account ID", "Account Name", "Website", "Phone", "Billing Country", "Billing State/Province",
                  "Industry", "Employees", "Account Owner", "Type"]
ACCOUNT_TYPES = [("Prospect", 45), ("Customer - Direct", 28), ("Customer - Channel", 8),
                 ("Channel Partner / Reseller", 5), ("Technology Partner", 4), ("Other", 10)]
# Companies the team has no account for (besides ~20% of the generated ones), so their leads match none.
NO_ACCOUNT = {"Soylent", "Vandelay Industries"}
# An account name typed with a slip: its leads still find it ('fuzzy': similar name + same domain).
ACCOUNT_NAME_TYPOS = {"Northwind Traders": "Nortwind Traders"}
# Parent and subsidiary on one website domain; the parent's leads give no usable company name.
SHARED_DOMAIN_ACCOUNTS = {"Prime Energy": ("Prime Energy GmbH", "Prime Energy Trading GmbH", "/trading")}


def write_accounts(rng: random.Random, out: Path, companies: list[dict], export: list[dict]) -> int:
    """accounts.csv: a Salesforce account export (report sorted by Account Name) for ~80% of the companies.

    Names use other legal-suffix spellings and casing than the leads; websites come as
    ``https://www.x.com/``, ``x.com``, ``www.x.com`` or blank. Planted: a name typo
    (ACCOUNT_NAME_TYPOS), a typo'd small-company account with no website whose main
    phone is the number one of its leads gave (fuzzy by phone), a duplicate ``INITECH``
    account with no website next to ``Initech LLC``, and a subsidiary ``Prime Energy
    Trading GmbH`` on its parent's domain. Uses its own ``rng`` so the other files do not change.
    """
    leads_by_company: dict[str, list[dict]] = {}
    spelling_owner = {sp: c["name"] for c in companies for sp in c["spellings"]}
    for row in export:
        owner = spelling_owner.get(row["Company"])
        if owner is not None:
            leads_by_company.setdefault(owner, []).append(row)
    # The phone case: the first generated company with 2-4 leads, the first of them with a (###) ###-#### phone.
    phone_case = next(c for c in companies[len(COMPANY_SPECIALS):]
                      if 2 <= len(leads_by_company.get(c["name"], [])) <= 4 and len(c["name"]) >= 12
                      and re.fullmatch(r"\(\d{3}\) \d{3}-\d{4}", leads_by_company[c["name"]][0]["Phone"]))
    owners = {t: [r[0] for r in REPS if r[2] == t and r[1] not in ("SDR", "Sales Manager") and r[5] == "TRUE"]
              for t in ("US West", "US East", "US Central", "EMEA")}

    def account(co: dict, name: str, website: str | None = None, phone: str | None = None, **extra) -> dict:
        country = co["country"]
        _, state, *_ = wchoice(rng, [(c, c[2]) for c in country_cities(country)])
        if website is None:
            website = "" if rng.random() < 0.1 else wchoice(
                rng, [("https://www.{d}/", 30), ("{d}", 30), ("www.{d}", 25), ("http://{d}", 5), ("https://{d}", 10)])
            website = website.format(d=co["domain"])
        if phone is None:
            phone = "" if rng.random() < 0.08 else format_phone(
                rng, country, *random_phone_digits(rng, country, country_cities(country)[0][4]))
        spellings = COUNTRY_SPELLINGS.get(country)
        territory = territory_of(country, state)
        return {
            "Account Name": name, "Website": website, "Phone": phone,
            "Billing Country": "" if rng.random() < 0.05 else wchoice(rng, spellings) if spellings else country,
            "Billing State/Province": state_spelling(rng, country, state) if state else "",
            "Industry": "" if rng.random() < 0.08 else co["industry"],
            "Employees": "" if rng.random() < 0.1 else str(co["employees"]),
            "Account Owner": rng.choice(owners.get(territory) or ["Priya Raman"]),
            "Type": wchoice(rng, ACCOUNT_TYPES), **extra,
        }

    rows = []
    for i, co in enumerate(companies):
        special = i < len(COMPANY_SPECIALS)
        planted = co is phone_case or co["name"] in SHARED_DOMAIN_ACCOUNTS
        if co["name"] in NO_ACCOUNT or (not special and not planted and rng.random() < 0.2):
            continue
        forms = LEGAL_FORMS[co["legal"]]
        r = rng.random()
        if r < 0.5:
            name = co["spellings"][0]
        elif r < 0.65 and len(forms) > 1:
            name = co["name"] + rng.choice(forms[1:])
        elif r < 0.8:
            name = co["spellings"][0].upper()
        else:
            name = co["name"]
        if co["name"] in ACCOUNT_NAME_TYPOS:
            rows.append(account(co, ACCOUNT_NAME_TYPOS[co["name"]] + forms[0], website=f"https://www.{co['domain']}/"))
        elif co is phone_case:
            digits = re.sub(r"\D", "", leads_by_company[co["name"]][0]["Phone"])
            rows.append(account(co, typo(rng, co["name"]) + forms[0], website="",
                                phone=f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}"))
        elif co["name"] in SHARED_DOMAIN_ACCOUNTS:
            parent, subsidiary, path = SHARED_DOMAIN_ACCOUNTS[co["name"]]
            rows.append(account(co, parent, website=f"https://www.{co['domain']}/"))
            rows.append(account(co, subsidiary, website=f"{co['domain']}{path}", Type="Customer - Direct"))
        elif co["name"] == "Initech":
            rows.append(account(co, "Initech LLC", website="www.initech.com"))
            rows.append(account(co, "INITECH", website="", Type="Prospect"))  # a rep's duplicate
        else:
            rows.append(account(co, name))
    ids = sf_ids("0015e00000", [120_000_000 + i * 173 + rng.randint(0, 150) for i in range(len(rows))])
    for account_id, row in zip(ids, rows):
        row["Account ID"] = account_id
    rows.sort(key=lambda row: row["Account Name"].casefold())
    write_csv(out / "accounts.csv", ACCOUNT_HEADER, [[row[h] for h in ACCOUNT_HEADER] for row in rows])
    return len(rows)


def write_opportunities(rng: random.Random, out: Path, people, lead_rows, companies, campaigns):
    stages = [("Prospecting", 10, 7), ("Discovery", 20, 14), ("Solution Design", 40, 14),
              ("Proposal", 60, 7), ("Negotiation", 80, 14), ("Closed Won", 100, 0),
              ("Closed Lost", 0, 0)]
    converted = [i for i, r in enumerate(lead_rows) if r["Lead Status"] == "Closed - Converted"]
    rows = []
    n_total = 120
    sources = converted[:min(len(converted), 68)]
    others = n_total - len(sources)
    sales_mgr = REPS[0][0]
    owners = [r[0] for r in REPS if r[1] in ("Senior Sales Rep", "Sales Rep", "AE", "Senior AE")]
    plan = [(i, None) for i in sources] + [(None, rng.choice(companies[:80])) for _ in range(others)]
    ids = sf_ids("0065e00000", [330_000_000 + i * 977 + rng.randint(0, 900) for i in range(n_total)])
    for oid, (li, co) in zip(ids, plan):
        if li is not None:
            p, lr = people[li], lead_rows[li]
            co = p["company"]
            created = p["created"] + dt.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
            created = min(created, AS_OF - dt.timedelta(days=1))
            lead_source = lr["Lead Source"]
            conv = lr["Lead ID"]
            owner = lr["Lead Owner"] if lr["Lead Owner"] in owners else rng.choice(owners)
        else:
            created = AS_OF - dt.timedelta(days=rng.randint(5, 200), hours=rng.randint(0, 23))
            lead_source = wchoice(rng, LEAD_SOURCES[:12] + [("", 10)])
            conv = ""
            owner = rng.choice(owners)
        age = (AS_OF - created).days
        if age < 14:
            stage = wchoice(rng, [(s, w) for s, w in zip([x[0] for x in stages], [30, 35, 15, 10, 5, 2, 3])])
        else:
            stage = wchoice(rng, [(s, w) for s, w in zip([x[0] for x in stages], [6, 12, 14, 14, 12, 22, 20])])
        prob = {s: p_ for s, p_, _ in stages}[stage]
        limit = {s: l for s, _, l in stages}[stage]
        if rng.random() < 0.08 and stage not in ("Closed Won", "Closed Lost"):
            prob = rng.choice([15, 25, 50, 75, 90])  # rep overrode the stage default
        stale = rng.random() < 0.3 and limit
        entered_offset = rng.randint(limit + 2, limit + 40) if stale else rng.randint(0, max(limit - 1, 0) or 3)
        entered = max(created, AS_OF - dt.timedelta(days=entered_offset, hours=rng.randint(0, 9)))
        if stage in ("Closed Won", "Closed Lost"):
            close = entered.date()
        else:
            close = (AS_OF + dt.timedelta(days=rng.randint(-12, 120))).date()  # some past-due
            close = max(close, created.date() + dt.timedelta(days=1))
        amount = sig2(rng.lognormvariate(10.4, 0.9))
        amount_txt = wchoice(rng, [(str(amount), 60), (f"{amount:.2f}", 25), (f"{amount:,}", 8), (f"USD {amount:,.2f}", 7)])
        disc = wchoice(rng, [(0, 38), (5, 12), (8, 6), (10, 12), (12, 5), (15, 8), (18, 4),
                             (20, 5), (22, 3), (25, 4), (30, 2), (35, 1)])
        if disc == 0:
            approver = ""
        else:
            right = owner if disc <= 10 else sales_mgr if disc <= 20 else VP_SALES if disc <= 30 else CEO
            r = rng.random()
            if r < 0.82:
                approver = right
            elif r < 0.9:
                approver = ""  # nobody signed off
            elif disc > 10:
                approver = owner if disc <= 20 else sales_mgr  # one level too low
            else:
                approver = sales_mgr  # over-approved: harmless
        disc_txt = str(disc) if rng.random() < 0.9 else f"{disc}%"
        account = pick_company_spelling(rng, co["spellings"])
        deal = rng.choice(["New Business", "Expansion", "Renewal 2027", "Pilot", "Upsell", "Platform"])
        name = rng.choice([f"{co['name']} - {deal}", f"{co['name']} - {deal} - {rng.choice([25, 50, 100, 250, 500])} seats",
                           f"{account} {deal}"])
        campaign = rng.choice(campaigns) if rng.random() < 0.7 else ""
        next_step = wchoice(rng, [("", 20), ("Send proposal", 8), ("Schedule demo w/ CFO", 6),
                                  ("Legal review", 6), ("Security questionnaire", 5),
                                  ("Waiting on budget approval", 6), ("Follow up after QBR", 4),
                                  ("Procurement - MSA redlines", 4), ("Kickoff call booked", 3),
                                  ("Champion left - find new sponsor", 2), ("Pricing call Tue 10am", 3)])
        if stage in ("Closed Won", "Closed Lost"):
            next_step = "" if rng.random() < 0.7 else next_step
        rows.append([oid, name, account, stage, amount_txt, str(prob), sf_date(close), sf_date(created),
                     sf_date(entered), owner, campaign, lead_source, disc_txt, approver, next_step, conv])
    rows.sort(key=lambda r: r[0])
    write_csv(out / "opportunities.csv",
              ["Opportunity ID", "Opportunity Name", "Account Name", "Stage", "Amount",
               "Probability (%)", "Close Date", "Created Date", "Stage Entered Date",
               "Opportunity Owner", "Primary Campaign Source", "Lead Source", "Discount (%)",
               "Discount Approved By", "Next Step", "Converted Lead ID"], rows)
    return len(rows)


def cp1252_ok(*values: str) -> bool:
    try:
        for v in values:
            v.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def write_hubspot(rng: random.Random, out: Path, people, lead_rows, companies):
    header = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number",
              "Company Name", "Job Title", "Country/Region", "State/Region", "City", "Postal Code",
              "Website URL", "Industry", "Number of Employees", "Annual Revenue", "Original Source",
              "Lifecycle Stage", "Lead Status", "Contact owner", "Create Date",
              "Became a Marketing Qualified Lead Date", "Became a Sales Qualified Lead Date",
              "Marketing contact status", "Unsubscribed from all email", "Email hard bounce reason"]
    hs_companies = build_companies(random.Random(SEED + 2), 90, with_specials=False)
    # HubSpot skews European for this team: add weight to EU companies.
    eu = [c for c in hs_companies if c["country"] in ("DE", "FR", "ES", "GB", "NL", "AT", "CH", "IT", "SE", "BE")]
    pool = hs_companies + eu * 3 + companies[18:30]
    overlap = [i for i, p in enumerate(people)
               if "@" in (p.get("email") or "") and p["email_kind"] in ("corporate", "generic")
               and cp1252_ok(p["first"], p["last"], p["city"], p["company"]["name"])]
    rng.shuffle(overlap)
    overlap = overlap[:20]
    stages = [("subscriber", 18), ("lead", 34), ("marketingqualifiedlead", 20),
              ("salesqualifiedlead", 12), ("opportunity", 8), ("customer", 6), ("", 2)]
    accented = [("José", "García", "ES"), ("Zoë", "Müller", "DE"), ("François", "Lefèvre", "FR"),
                ("Jürgen", "Schäfer", "DE"), ("Hélène", "Dubois", "FR"), ("Søren", "Sørensen", "DK"),
                ("Íñigo", "Núñez", "ES"), ("Björn", "Köhler", "AT")]
    accent_i = 0
    rows, truth = [], []
    n = 200
    overlap_slots = sorted(rng.sample(range(n), len(overlap)))
    ov = iter(overlap)
    record = 51_230_000_101
    for k in range(n):
        record += rng.randint(1, 4000)
        created = random_create_time(rng, AS_OF - dt.timedelta(weeks=14), AS_OF)
        stage = wchoice(rng, stages)
        if k in overlap_slots:
            i = next(ov)
            p, lr = people[i], lead_rows[i]
            co, country = p["company"], p["country"]
            first = rng.choice([p["first"], NICKNAMES.get(p["first"], [p["first"]])[0], p["first"]])
            last = p["last"]
            email = rng.choice([p["email"].strip(), p["email"].strip().lower(), p["email"].strip().title()])
            city, state_code = p["city"], p["state"]
            zipc = p["zip"]
            phone_digits = p["phone"]
            created = max(created, p["created"] - dt.timedelta(days=rng.randint(0, 20)))
            title = lr["Title"] if cp1252_ok(lr["Title"]) else ""
            truth.append(("hubspot_contacts.csv", str(record), lr["Lead ID"], "same person in HubSpot"))
        else:
            co = rng.choice(pool)
            country = co["country"]
            city, state_code, _, zips, areas = rng.choice(country_cities(country))
            zipc = fill_pattern(rng, rng.choice(zips))
            for _ in range(20):
                first, last, region = person_names(rng, country)
                if cp1252_ok(first, last):
                    break
            else:
                first, last = "Alex", "Taylor"
            if accent_i < len(accented) and k % 3 == 0:
                first, last, acc_country = accented[accent_i]
                accent_i += 1
                co = next((c for c in pool if c["country"] == acc_country), co)
                country = co["country"]
                city, state_code, _, zips, areas = rng.choice(country_cities(country))
                zipc = fill_pattern(rng, rng.choice(zips))
            region = COUNTRY_REGION.get(country, "us")
            r = rng.random()
            if r < 0.06:
                email = ""
            elif r < 0.3:
                email = generic_email(rng, first, last, region, country)
            else:
                email = f"{corporate_local(co['email_pattern'], first, last, region)}@{co['domain']}"
            phone_digits = random_phone_digits(rng, country, areas)
            title = "" if rng.random() < 0.15 else (wchoice(rng, TITLE_SPECIALS) if rng.random() < 0.6 else rng.choice(TITLE_POOL[:600]))
        if not cp1252_ok(city):
            city = unicodedata.normalize("NFKD", city).encode("ascii", "ignore").decode()
        if not cp1252_ok(title):
            title = ""
        country_txt = "" if rng.random() < 0.05 else (
            COUNTRY_SPELLINGS[country][0][0] if rng.random() < 0.8 else country_spelling(rng, country))
        if not cp1252_ok(country_txt):
            country_txt = COUNTRY_SPELLINGS[country][0][0]
        state = ""
        if state_code and rng.random() < 0.8:
            state = STATE_NAMES.get((country, state_code), state_code) if rng.random() < 0.7 else state_code
        phone = "" if rng.random() < 0.2 else format_phone(rng, country, *phone_digits)
        mobile = "" if rng.random() < 0.65 else format_phone(rng, country, *random_phone_digits(rng, country, [], mobile=True))
        cur = "€" if country in ("DE", "FR", "ES", "NL", "AT", "IT", "BE", "IE", "FI") else "$"
        revenue = "" if rng.random() < 0.35 else (
            format_money(rng, co["revenue"], cur) if cur == "$" or rng.random() < 0.5 else
            f"{co['revenue']:,} €".replace(",", "."))
        employees = "" if rng.random() < 0.3 else rng.choice([str(co["employees"]), format_employees(rng, co["employees"])])
        company = pick_company_spelling(rng, co["spellings"]) if rng.random() > 0.04 else ""
        mql = sql = ""
        order = [s for s, _ in stages]
        si = order.index(stage) if stage else 0
        if 2 <= si <= 5:
            mql_t = created + dt.timedelta(hours=rng.randint(0, 400))
            mql = mql_t.strftime("%Y-%m-%d %H:%M") if mql_t < AS_OF else ""
            if si >= 3 and mql:
                sql_t = mql_t + dt.timedelta(hours=rng.randint(2, 300))
                sql = sql_t.strftime("%Y-%m-%d %H:%M") if sql_t < AS_OF else ""
        lead_status = wchoice(rng, [("NEW", 25), ("OPEN", 15), ("IN_PROGRESS", 15), ("OPEN_DEAL", 5),
                                    ("UNQUALIFIED", 8), ("ATTEMPTED_TO_CONTACT", 12), ("CONNECTED", 8),
                                    ("BAD_TIMING", 4), ("", 8)])
        unsub = wchoice(rng, [("false", 70), ("true", 8), ("", 22)])
        bounce = "" if rng.random() < 0.95 or not email else rng.choice([
            "550 5.1.1 The email account that you tried to reach does not exist.",
            "550 5.1.1 User unknown", "Mailbox unavailable", "DNS failure: domain not found"])
        website = "" if rng.random() < 0.25 else co["website"].format(d=co["domain"], D=co["domain"].upper())
        city = "" if rng.random() < 0.05 else city
        zipc = "" if rng.random() < 0.12 else zipc
        rows.append([str(record), first, last, email, phone, mobile, company, title, country_txt, state,
                     city, zipc, website, "" if rng.random() < 0.3 else co["industry"].upper().replace(" & ", "_AND_").replace(" ", "_"),
                     employees, revenue,
                     wchoice(rng, [("ORGANIC_SEARCH", 25), ("PAID_SEARCH", 15), ("EMAIL_MARKETING", 12),
                                   ("SOCIAL_MEDIA", 12), ("REFERRALS", 8), ("OFFLINE", 15), ("DIRECT_TRAFFIC", 13)]),
                     stage, lead_status, "" if rng.random() < 0.12 else rng.choice([r[0] for r in REPS if r[2] in ("EMEA", "US East", "US West", "North America")]),
                     created.strftime("%Y-%m-%d %H:%M"), mql, sql,
                     "Marketing contact" if unsub != "true" and rng.random() < 0.85 else "Non-marketing contact",
                     unsub, bounce])
    rows = [[v if cp1252_ok(v) else unicodedata.normalize("NFKD", v).encode("cp1252", "ignore").decode("cp1252")
             for v in row] for row in rows]
    rows[5][6] = "Smith; Jones & Partners LLP"  # a delimiter inside a value
    rows[9][15] = "€2.5M"
    write_csv(out / "hubspot_contacts.csv", header, rows, delimiter=";", quoting=csv.QUOTE_MINIMAL,
              encoding="cp1252", newline="\r\n")
    return truth


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)

    companies = build_companies(rng, 150)
    people, rows, dups = build_leads(rng, companies)
    # Export order = creation order; Salesforce ids ascend with creation.
    entries = [(p["created"], i, rows[i]) for i, p in enumerate(people)]
    entries += [(later, len(people) + k, d) for k, (_, d, _, later) in enumerate(dups)]
    entries.sort(key=lambda e: (e[0], e[1]))
    ids = sf_ids("00Q5e00000", [380_000_000 + i * 211 + rng.randint(0, 200) for i in range(len(entries))])
    for lid, (_, _, r) in zip(ids, entries):
        r["Lead ID"] = lid
    export = [r for _, _, r in entries]

    acts, last = build_activities(rng, people, [r["Lead ID"] for r in rows])
    for idx, t in last.items():
        rows[idx]["Last Activity"] = sf_date(t)
    write_csv(out / "salesforce_leads.csv", LEAD_HEADER, [[r[h] for h in LEAD_HEADER] for r in export])
    report = export[:60]
    write_csv(out / "salesforce_leads_report.csv", LEAD_HEADER, [[r[h] for h in LEAD_HEADER] for r in report],
              pre=[["Lead Report"], ["Leads by Owner"], ["As of 11/20/2026 08:00 AM"], []],
              post=[[], [f"Grand Totals ({len(report)} records)"], [],
                    ["Confidential Information - Do Not Distribute"],
                    ["Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."]])
    write_csv(out / "activities.csv",
              ["Activity ID", "Lead ID", "Email", "Activity Type", "Subject", "Activity Date",
               "Assigned", "Call Result"], acts)
    write_reps(out)
    campaigns = write_campaigns(rng, out)
    truth = [("salesforce_leads.csv", d["Lead ID"], rows[j]["Lead ID"], kind) for j, d, kind, _ in dups]
    truth += write_events(rng, out, people, rows)
    n_opps = write_opportunities(rng, out, people, rows, companies, campaigns)
    truth += write_hubspot(rng, out, people, rows, companies)
    write_csv(out / "duplicates_truth.csv", ["File", "Record", "Same Person As Lead ID", "How"], truth,
              quoting=csv.QUOTE_MINIMAL)
    # Last, from its own generator: adding it left every file above byte-identical.
    n_accounts = write_accounts(random.Random(SEED + 1), out, companies, export)
    write_territories(out)
    n_engagement = write_engagement(random.Random(SEED + 3), out, export)
    n_history = write_stage_history(random.Random(SEED + 5), out)
    n_handoffs = write_handoffs(random.Random(SEED + 6), out)
    # Later files were written from generators seeded alike (SEED + 7); each has its own Random, so
    # none depends on another, and reseeding one would change figures its docs and tests pin. Yesterday's
    # snapshot is taken before the exit-criteria columns are added: it is the report as it was exported then.
    n_marketing = write_marketing_leads(random.Random(SEED + 7), out)
    n_content = write_content(random.Random(SEED + 7), out)
    n_previous = write_previous_snapshot(random.Random(SEED + 7), out)
    n_quotas = write_quotas(random.Random(SEED + 8), out)
    n_deal_activities = write_opportunity_criteria(random.Random(SEED + 7), out)
    print(f"wrote {len(export)} leads ({len(dups)} planted duplicates), {len(acts)} activities, "
          f"{n_opps} opportunities, {n_accounts} accounts, {n_engagement} engagement events, "
          f"{n_history} stage changes, {n_handoffs} handoffs, {n_marketing} labelled marketing leads, "
          f"{n_content} content items, {n_previous} opportunities in yesterday's snapshot, {n_quotas} quota rows, "
          f"{n_deal_activities} deal activities, {len(truth)} truth rows -> {out}")


# ---- territories & marketing engagement --------------------------------------------------
# The territory table the sales team keeps beside reps.csv: the splits pick_owner uses, written
# out in full (every US state), plus a named-account list and a LATAM row nobody covers yet.
TERRITORIES = [
    ("US West", 1, "US", "AK;AZ;CA;CO;HI;ID;MT;NM;NV;OR;UT;WA;WY", "", "", ""),
    ("US Central", 2, "US", "AR;IA;IL;KS;LA;MI;MN;MO;ND;NE;OH;OK;SD;TN;TX;WI", "", "", ""),
    ("US East", 3, "US", "", "", "", "Acme Corporation;Initech;Globex"),
    ("North America", 4, "US;CA", "", "", "", ""),
    ("EMEA", 5, "GB;IE;DE;FR;NL;BE;LU;ES;PT;IT;CH;AT;DK;SE;NO;FI;PL;IL;AE;ZA", "", "", "", ""),
    ("APAC", 6, ";".join(sorted(APAC)), "", "", "", ""),
    ("LATAM", 7, ";".join(sorted(LATAM)), "", "", "", ""),
]


def write_territories(out: Path) -> None:
    write_csv(out / "territories.csv", ["Territory", "Priority", "Countries", "States", "Industries",
                                        "Size Tier", "Named Accounts"],
              [list(t) for t in TERRITORIES], quoting=csv.QUOTE_MINIMAL)


# Marketo-style activity log spellings, by the behavioural event they are.
ENGAGEMENT_TYPES = {
    "page_view": "Visit Webpage", "email_open": "Open Email", "email_click": "Click Email",
    "form_fill": "Fill Out Form", "content_download": "Download Content", "event_attended": "Attend Event",
    "demo_request": "Request Demo",
}
ENGAGEMENT_PAGES = ["/pricing", "/product/routing", "/product/dedupe", "/customers", "/blog/lead-scoring-101",
                    "/blog/sla-math", "/integrations/salesforce", "/demo", "/careers", "/"]


def write_engagement(rng: random.Random, out: Path, export: list[dict]) -> int:
    """Marketing engagement (web visits, email opens and clicks, forms, downloads, events,
    demo requests) between each lead's creation and the as-of time. Engagement depends on
    the lead source and a per-lead appetite (high for leads that later converted to an
    opportunity), so scores spread over every band; ~10% of
    events name the lead by email only, as marketing tools that sync late do."""
    with open(out / "opportunities.csv", newline="", encoding="utf-8") as handle:
        converted = {row["Converted Lead ID"] for row in csv.DictReader(handle) if row["Converted Lead ID"]}
    rows = []
    for r in export:
        try:
            created = dt.datetime.strptime(r["Create Date"], "%m/%d/%Y %I:%M %p")
        except ValueError:
            continue
        source = (r["Lead Source"] or "").lower()
        appetite = rng.random() ** 1.6 * (1.6 if source in ("web", "website", "content download", "webinar") else 1.0)
        if r["Lead ID"] in converted:  # people who went on to buy engaged more: what score calibration looks for
            appetite = max(appetite, 0.45 + 0.55 * rng.random())
        if appetite < 0.08:
            continue
        span = max((AS_OF - created).total_seconds(), 3600)
        plan = {"page_view": int(appetite * 14), "email_open": int(appetite * 6), "email_click": int(appetite * 3),
                "form_fill": int(appetite * 2.2), "content_download": int(appetite * 1.8),
                "event_attended": int(rng.random() < appetite * 0.35), "demo_request": int(rng.random() < appetite * 0.3)}
        for kind, count in plan.items():
            for _ in range(count):
                when = created + dt.timedelta(seconds=span * rng.random() ** 0.6)
                rows.append((when, r["Lead ID"], r["Email"], kind))
    rows.sort(key=lambda row: (row[0], row[1], row[3]))
    ids = [f"ME-{700000 + i * 7}" for i in range(len(rows))]
    written = []
    for aid, (when, lead_id, email, kind) in zip(ids, rows):
        by_email = bool(email) and "@" in email and rng.random() < 0.1
        asset = rng.choice(ENGAGEMENT_PAGES) if kind == "page_view" else ""
        written.append([aid, "" if by_email else lead_id, email.lower() if by_email else "", ENGAGEMENT_TYPES[kind],
                        asset, when.strftime("%Y-%m-%d %H:%M:%S")])
    write_csv(out / "engagement.csv", ["Activity ID", "Lead ID", "Email", "Activity Type", "Primary Asset",
                                       "Activity Date"], written, quoting=csv.QUOTE_MINIMAL)
    return len(written)


# ---- opportunity stage history & customer handoffs ----------------------------------------
# Both read the opportunities.csv written above and draw from their own generators, so adding
# them left every other file byte-identical.
OPEN_STAGES = ["Prospecting", "Discovery", "Solution Design", "Proposal", "Negotiation"]


def _read_opportunities(out: Path) -> list[dict]:
    with open(out / "opportunities.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_stage_history(rng: random.Random, out: Path) -> int:
    """A Salesforce 'Opportunity Stage History' report: one row per stage a deal entered, the last one
    on its Stage Entered Date. Deals skip stages now and then, as real ones do."""
    rows = []
    for opp in _read_opportunities(out):
        created = dt.datetime.strptime(opp["Created Date"], "%m/%d/%Y")
        entered = dt.datetime.strptime(opp["Stage Entered Date"], "%m/%d/%Y")
        stage = opp["Stage"]
        reached = len(OPEN_STAGES) if stage.startswith("Closed") else OPEN_STAGES.index(stage)
        path = [s for i, s in enumerate(OPEN_STAGES[:reached]) if i == 0 or rng.random() > 0.15]
        span = max((entered - created).days, 0)
        cuts = sorted(rng.randint(0, span) for _ in path[1:])
        moments = [created] + [created + dt.timedelta(days=d) for d in cuts]
        for name, when in zip(path, moments):
            rows.append([opp["Opportunity ID"], opp["Opportunity Name"], name,
                         (when + dt.timedelta(hours=rng.randint(8, 17), minutes=rng.randint(0, 59)))
                         .strftime("%m/%d/%Y %I:%M %p").lstrip("0").replace("/0", "/"), opp["Opportunity Owner"]])
        rows.append([opp["Opportunity ID"], opp["Opportunity Name"], stage,
                     (entered + dt.timedelta(hours=rng.randint(8, 17), minutes=rng.randint(0, 59)))
                     .strftime("%m/%d/%Y %I:%M %p").lstrip("0").replace("/0", "/"), opp["Opportunity Owner"]])
    write_csv(out / "stage_history.csv", ["Opportunity ID", "Opportunity Name", "To Stage", "Last Modified",
                                          "Last Modified By"], rows)
    return len(rows)


CSMS = ["Grace Lindqvist", "Tomás Herrera", "Aisha Rahman", "Ben Whitfield"]


def write_handoffs(rng: random.Random, out: Path) -> int:
    """The CS team's handoff sheet: one row per Closed Won deal, kept by hand (blank form fields,
    a kickoff or two late, surveys only once 30 days have passed)."""
    won = [o for o in _read_opportunities(out) if o["Stage"] == "Closed Won"]
    older = []  # last quarter's handoffs, so the 30-day survey and time to value have data
    for k in range(14):
        close = AS_OF - dt.timedelta(days=rng.randint(35, 110))
        older.append({"Opportunity ID": f"0065e00000M{k:07d}AA", "Account Name": rng.choice(
            ["Northwind Traders", "Globex Corporation", "Initech", "Umbrella Health", "Stark Logistics",
             "Wayne Analytics", "Cyberdyne Systems", "Soylent Foods", "Hooli", "Pied Piper", "Massive Dynamic",
             "Aperture Labs", "Tyrell Corp", "Gringotts Finance"]), "Amount": str(sig2(rng.lognormvariate(10.4, 0.8))),
            "Close Date": close.strftime("%m/%d/%Y")})
    rows = []
    for n, opp in enumerate(sorted(older + won, key=lambda o: dt.datetime.strptime(o["Close Date"], "%m/%d/%Y"))):
        close = dt.datetime.strptime(opp["Close Date"], "%m/%d/%Y")
        age = (AS_OF - close).days
        csm = rng.choice(CSMS) if rng.random() > 0.03 else ""
        lag = wchoice(rng, [(0, 10), (1, 25), (2, 25), (3, 20), (4, 8), (5, 5), (7, 3)])
        kickoff = close + dt.timedelta(days=lag)
        kickoff_txt = kickoff.strftime("%Y-%m-%d") if kickoff <= AS_OF and rng.random() > 0.04 else ""
        products = rng.choice(["Platform", "Platform + Analytics", "Analytics", "Platform, API add-on", "Starter"])
        criteria = wchoice(rng, [("Cut lead response time below 1 hour", 4), ("Weekly pipeline report automated", 4),
                                 ("Replace spreadsheet routing", 3), ("", 2)])
        stakeholders = wchoice(rng, [("VP Sales; RevOps lead", 5), ("CRO, Sales Ops manager", 4), ("", 1)])
        plan = wchoice(rng, [("Phased: pilot team then all regions", 4), ("Big bang go-live", 2),
                             ("See SOW section 3", 3), ("", 1)])
        csat = nps = first_value = ""
        if age >= 30:
            csat = str(wchoice(rng, [(10, 5), (9, 9), (8, 6), (7, 3), (6, 1), (5, 1)])) if rng.random() > 0.2 else ""
            nps = str(wchoice(rng, [(10, 6), (9, 7), (8, 4), (7, 3), (6, 2), (4, 1)])) if rng.random() > 0.25 else ""
        ttv = rng.randint(5, 24)
        if age > ttv and rng.random() > 0.1:
            first_value = (close + dt.timedelta(days=ttv)).strftime("%Y-%m-%d")
        rows.append([f"HO-{2026_0000 + n * 3}", opp["Opportunity ID"], opp["Account Name"], csm,
                     close.strftime("%Y-%m-%d"), opp["Amount"], products, criteria, stakeholders, plan, kickoff_txt,
                     first_value, csat, nps])
    write_csv(out / "handoffs.csv", ["Handoff ID", "Opportunity ID", "Account Name", "CSM", "Close Date",
                                     "Contract Value", "Products Purchased", "Success Criteria", "Key Stakeholders",
                                     "Implementation Plan", "Kickoff Date", "First Value Date", "CSAT 30d",
                                     "NPS Score"], rows, quoting=csv.QUOTE_MINIMAL)
    return len(rows)



# ---- labelled marketing-automation leads (for `leads fit`) ------------------------------------
# A marketing-automation export with web behaviour and a known outcome: whether the lead converted.
# The outcome depends on the signals (seniority, company size, visits, time on site, the last
# activity, the form the lead came through, an email opt-out) plus noise, so a fitted points table
# has something real to find that the SOP's default tables only partly see.
MARKETING_ORIGINS = [("Landing Page Submission", 52), ("API", 30), ("Lead Add Form", 8), ("Lead Import", 6),
                     ("Demo Request", 4)]
MARKETING_ACTIVITIES = [("Email Opened", 34), ("Page Visited on Website", 16), ("Form Submitted on Website", 9),
                        ("Email Link Clicked", 9), ("Olark Chat Conversation", 8), ("Had a Phone Conversation", 4),
                        ("Email Bounced", 5), ("Unsubscribed", 3), ("Converted to Lead", 8), ("SMS Sent", 4)]
MARKETING_SOURCES = [("Google", 30), ("Direct Traffic", 24), ("Olark Chat", 16), ("Organic Search", 12),
                     ("Reference", 6), ("Welingak Website", 3), ("Referral Sites", 3), ("Facebook", 3),
                     ("LinkedIn", 3)]
MARKETING_TITLES = [("CEO", 2), ("Founder", 2), ("VP of Marketing", 4), ("VP Sales", 3), ("Director of Operations", 5),
                    ("Head of Growth", 3), ("Marketing Manager", 10), ("Sales Manager", 8), ("IT Manager", 6),
                    ("Marketing Specialist", 10), ("Sales Representative", 9), ("Analyst", 9),
                    ("Account Executive", 7), ("Student", 6), ("Consultant", 6), ("", 10)]
_TITLE_WEIGHT = {"CEO": 0.9, "Founder": 0.9, "VP of Marketing": 0.8, "VP Sales": 0.8, "Director of Operations": 0.6,
                 "Head of Growth": 0.6, "Marketing Manager": 0.3, "Sales Manager": 0.3, "IT Manager": 0.3,
                 "Student": -1.0, "": -0.2}
_ACTIVITY_WEIGHT = {"Had a Phone Conversation": 1.6, "Form Submitted on Website": 0.9, "SMS Sent": 1.2,
                    "Email Link Clicked": 0.3, "Olark Chat Conversation": -0.6, "Email Bounced": -1.3,
                    "Unsubscribed": -1.2, "Converted to Lead": -0.5}
_ORIGIN_WEIGHT = {"Lead Add Form": 2.0, "Demo Request": 1.6, "Lead Import": -0.8, "API": -0.2}
_SOURCE_WEIGHT = {"Reference": 1.8, "Welingak Website": 2.2, "Olark Chat": -0.9, "Facebook": -0.6,
                  "Direct Traffic": -0.3}


def write_marketing_leads(rng: random.Random, out: Path, n: int = 2000) -> int:
    """``marketing_leads.csv``: a HubSpot/Marketo-style export of leads whose outcome is known (``Converted``
    yes/no), with web behaviour (TotalVisits, Total Time Spent on Website in seconds, Page Views Per Visit,
    Last Notable Activity, Lead Origin, Do Not Email) next to title, company size and country. A lead's
    chance to convert rises with seniority, company size, visits, time on site, a phone call or form as the
    last activity and the Lead Add Form / Demo Request origins, and falls with an opt-out or a bounce.
    ``Converted Date`` is filled only for converted leads (as CRMs write it once the deal exists): a column
    that leaks the outcome, for `leads fit` to catch."""
    header = ["Prospect ID", "Job Title", "Company", "Country", "No. of Employees", "Lead Source", "Lead Origin",
              "Do Not Email", "TotalVisits", "Total Time Spent on Website", "Page Views Per Visit",
              "Last Notable Activity", "Created Date", "Converted", "Converted Date"]
    countries = [("United States", 40), ("India", 18), ("United Kingdom", 12), ("Germany", 8), ("Canada", 6),
                 ("Australia", 5), ("Brazil", 4), ("", 7)]
    words = ["Apex", "Blue", "Cedar", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Ion", "Juniper"]
    kinds = ["Labs", "Systems", "Logistics", "Health", "Capital", "Media", "Foods", "Energy"]
    start = dt.datetime(2026, 1, 5, 9, 0)
    rows = []
    for i in range(n):
        title = wchoice(rng, MARKETING_TITLES)
        employees = rng.choice([5, 20, 60, 150, 400, 900, 2500, 8000])
        origin = wchoice(rng, MARKETING_ORIGINS)
        source = wchoice(rng, MARKETING_SOURCES) if origin != "Lead Import" else ""
        activity = wchoice(rng, MARKETING_ACTIVITIES)
        opt_out = "Yes" if rng.random() < 0.08 else "No"
        appetite = rng.gauss(0, 1)
        visits = max(0, int(round(rng.expovariate(1 / 3.2) + 0.8 * appetite)))
        seconds = 0 if visits == 0 else int(max(0, rng.gauss(180 + 120 * visits + 220 * appetite, 250)))
        pages = 0 if visits == 0 else round(max(1.0, rng.gauss(2.4 + 0.4 * appetite, 1.0)), 2)
        logit = (-2.6 + _TITLE_WEIGHT.get(title, 0.0) + 0.35 * math.log10(employees)
                 + 0.25 * min(visits, 10) ** 0.5 + 0.0011 * min(seconds, 1800) + _ACTIVITY_WEIGHT.get(activity, 0.0)
                 + _ORIGIN_WEIGHT.get(origin, 0.0) + _SOURCE_WEIGHT.get(source, 0.0)
                 - (1.0 if opt_out == "Yes" else 0.0) + 0.3 * rng.gauss(0, 1))
        converted = rng.random() < 1 / (1 + math.exp(-logit))
        created = start + dt.timedelta(minutes=rng.randint(0, 300 * 24 * 60))
        converted_at = created + dt.timedelta(days=rng.randint(3, 60)) if converted else None
        blank_visits = rng.random() < 0.02  # the web-tracking sync missed a few
        rows.append([
            f"{rng.getrandbits(64):016x}", title,
            f"{rng.choice(words)} {rng.choice(kinds)}", wchoice(rng, countries), str(employees), source, origin,
            opt_out, "" if blank_visits else str(visits), str(seconds),
            "" if blank_visits else (f"{pages:g}" if visits else "0"), activity,
            created.strftime("%Y-%m-%d %H:%M"), "Yes" if converted else "No",
            "" if converted_at is None or rng.random() < 0.03 else converted_at.strftime("%Y-%m-%d"),
        ])
    write_csv(out / "marketing_leads.csv", header, rows, quoting=csv.QUOTE_MINIMAL)
    return n
# ---- content (Content Creation SOP) ------------------------------------------------------
# A CMS inventory, a Google-Analytics-style page export per page and month (Aug-Oct 2026), the
# review workflow and the promotion log, from their own generator (SEED + 7) so every file above
# stays byte-identical. Planted for `revops content audit` (docs/content.md shows them found):
# a thin blog post (1,180 words), a live page without a meta description, a Legal review that took
# 6 business days, a page past its annual audit, and a high-traffic page converting at 0.4 %.
CONTENT_SITE = "https://www.lumencloud.io"
CONTENT_AUTHORS = ["Maya Chen", "Tom Okafor", "Priya Raman", "Lukas Weber", "Sofia Alvarez", "Jordan Blake"]
CONTENT_ITEMS = [
    # title, type, author index, published (or None), status
    ("The RevOps Metrics Cheat Sheet", "Blog", 0, "2026-02-10", "Published"),
    ("Lead Routing Rules That Scale", "Blog", 1, "2026-03-03", "Published"),
    ("How to Run a Weekly Pipeline Review", "Blog", 2, "2026-03-24", "Published"),
    ("Speed to Lead: Why Five Minutes Matters", "Blog", 0, "2026-04-07", "Published"),
    ("A Practical Guide to Lead Scoring", "Blog", 3, "2026-04-21", "Published"),
    ("Deduplicating CRM Data Without Tears", "Blog", 4, "2026-05-05", "Published"),
    ("Territory Planning for Mid-Market Teams", "Blog", 5, "2026-05-19", "Published"),
    ("The Marketing-Sales SLA, Explained", "Blog", 1, "2026-06-02", "Published"),
    ("Forecast Categories Done Right", "Blog", 2, "2026-06-16", "Published"),
    ("Campaign Naming Conventions That Stick", "Blog", 3, "2026-06-30", "Published"),
    ("UTM Parameters: A Field Guide", "Blog", 4, "2026-07-14", "Published"),
    ("Event ROI Beyond Badge Scans", "Blog", 5, "2026-07-28", "Published"),
    ("Nurture Tracks by Lead Score", "Blog", 0, "2026-08-11", "Published"),
    ("Five Signs Your Funnel Data Is Lying", "Blog", 1, "2026-08-25", "Published"),
    ("Closing the Loop on Lost Deals", "Blog", 2, "2026-09-08", "Published"),
    ("What Good Handoffs Look Like", "Blog", 3, "2026-09-16", "Published"),
    ("Email Deliverability for B2B Teams", "Blog", 4, "2026-09-29", "Published"),
    ("RevOps Hiring: The First Five Roles", "Blog", 5, "2026-10-13", "Published"),
    ("Data Retention Policies in Plain English", "Blog", 0, "2026-10-27", "Published"),
    ("Discount Approval Without the Bottleneck", "Blog", 1, "2026-11-10", "Published"),
    ("CRM Hygiene Checklist 2025", "Blog", 2, "2025-04-14", "Published"),
    ("Intent Data: Hype or Help?", "Blog", 3, None, "Draft"),
    ("Building a RevOps Tech Stack", "Blog", 4, "2026-12-01", "Scheduled"),
    ("The State of Revenue Operations 2026", "Whitepaper", 5, "2026-03-17", "Published"),
    ("Security and Compliance for Sales Data", "Whitepaper", 2, "2026-10-20", "Published"),
    ("Pipeline Math for CFOs", "Whitepaper", 0, "2026-06-09", "Published"),
    ("How Acme Cut Lead Response Time by 80%", "Case Study", 1, "2026-04-28", "Published"),
    ("Globex Doubles Pipeline with Better Routing", "Case Study", 3, "2026-07-07", "Published"),
    ("Initech's Clean-Data Journey", "Case Study", 4, "2026-09-01", "Published"),
    ("RevOps in 90 Seconds", "Video", 5, "2026-05-12", "Published"),
    ("Routing Demo Walkthrough", "Video", 1, "2026-08-18", "Published"),
    ("The Complete Guide to Revenue Operations", "Ebook", 2, "2026-01-20", "Published"),
]
# planted: title -> what is wrong with it
CONTENT_THIN = "Five Signs Your Funnel Data Is Lying"          # 1,180 words
CONTENT_NO_META = "Closing the Loop on Lost Deals"             # no meta description
CONTENT_LEGAL_LATE = "Security and Compliance for Sales Data"  # Legal took 6 business days
CONTENT_AUDIT_DUE = "CRM Hygiene Checklist 2025"               # last audited 2025-06-02
CONTENT_LOW_CONVERSION = "The RevOps Metrics Cheat Sheet"      # ~4,200 views a month at 0.4 %
CONTENT_EXACT = "UTM Parameters: A Field Guide"                # exactly 1,500 words: meets the standard
CONTENT_CTA = ["Book a demo", "Download the guide", "Start a free trial", "Talk to sales", "Get the template"]


def _slug_of(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def write_content(rng: random.Random, out: Path) -> int:
    inventory, analytics, reviews, promotion = [], [], [], []
    months = ["2026-08", "2026-09", "2026-10"]
    for i, (title, kind, author, published, status) in enumerate(CONTENT_ITEMS):
        slug = _slug_of(title)
        folder = {"Blog": "blog", "Video": "videos", "Case Study": "customers"}.get(kind, "resources")
        url = f"{CONTENT_SITE}/{folder}/{slug}/"
        pub = dt.date.fromisoformat(published) if published else None
        words = {"Blog": rng.randint(1550, 2800), "Whitepaper": rng.randint(3500, 6000),
                 "Case Study": rng.randint(900, 1400), "Ebook": rng.randint(9000, 14000), "Video": 0}[kind]
        if title == CONTENT_THIN:
            words = 1180
        if title == CONTENT_EXACT:
            words = 1500
        sources = "" if kind == "Video" else str(rng.randint(3, 9))
        if kind == "Case Study" and title.startswith("Initech"):
            sources = "2"
        updated = pub
        if pub is not None:
            refreshed = pub + dt.timedelta(days=rng.choice([0, 20, 45, 80, 120, 200]))
            updated = min(refreshed, AS_OF.date() - dt.timedelta(days=rng.randint(1, 30)))
            updated = max(updated, pub)
        audited = updated
        if title == CONTENT_AUDIT_DUE:
            updated = audited = dt.date(2025, 6, 2)
        campaign = f"content_{slug[:24].rstrip('-').replace('-', '_')}"
        links = (f"{url}?utm_source=linkedin&utm_medium=social&utm_campaign={campaign} "
                 f"{url}?utm_source=newsletter&utm_medium=email&utm_campaign={campaign}")
        if i % 11 == 5:
            links = f"{url}?utm_source=linkedin&utm_medium=social"  # no utm_campaign
        meta = "" if title == CONTENT_NO_META else f"{title}: {rng.choice(['how', 'why', 'when'])} it matters to RevOps teams."
        cta = "" if i % 13 == 7 else CONTENT_CTA[i % len(CONTENT_CTA)]
        inventory.append([f"CT-{1001 + i}", title, url, kind, CONTENT_AUTHORS[author], status,
                          pub.isoformat() if pub else "", updated.isoformat() if updated else "",
                          audited.isoformat() if audited else "", f"{words:,}" if words else "",
                          sources, meta, links, cta])
        # analytics: one row per page and month it was live in Aug-Oct 2026
        if pub is not None and status == "Published" and pub <= dt.date(2026, 10, 31):
            base = rng.randint(350, 2600)
            for month in months:
                first = dt.date.fromisoformat(month + "-01")
                last = dt.date(first.year, first.month + 1, 1) - dt.timedelta(days=1) if first.month < 12 else \
                    dt.date(first.year, 12, 31)
                if pub > last:
                    continue
                share = (last - max(pub, first)).days + 1
                share = share / ((last - first).days + 1)
                views = int(base * share * rng.uniform(0.85, 1.15))
                if title == CONTENT_LOW_CONVERSION:
                    views = int(4200 * rng.uniform(0.95, 1.05))
                sessions = int(views * rng.uniform(0.78, 0.9))
                rate = 0.004 if title == CONTENT_LOW_CONVERSION else rng.uniform(0.012, 0.045)
                conversions = round(sessions * rate)
                seconds = rng.randint(95, 330)
                analytics.append([f"/{folder}/{slug}/", month, f"{views:,}", f"{sessions:,}",
                                  f"00:{seconds // 60:02d}:{seconds % 60:02d}", str(conversions),
                                  str(rng.randint(2, 40)), str(rng.randint(0, 6))])
        # review workflow for items published since August, the draft and the scheduled one
        if pub is None or pub >= dt.date(2026, 8, 1):
            start = (pub or dt.date(2026, 11, 23)) - dt.timedelta(days=24)
            while start.weekday() >= 5:
                start -= dt.timedelta(days=1)
            for stage, limit, who in (("Peer review", 1, CONTENT_AUTHORS[(author + 1) % 6]),
                                      ("Manager review", 2, "Rachel Ortiz"), ("Legal", 3, "Dana Whitfield"),
                                      ("Brand review", 1, "Omar Haddad")):
                days = rng.randint(0, limit)
                if title == CONTENT_LEGAL_LATE and stage == "Legal":
                    start, days = dt.date(2026, 10, 19), 6  # Mon 19 Oct -> Tue 27 Oct: 6 business days
                end, left = start, days
                while left:
                    end += dt.timedelta(days=1)
                    if end.weekday() < 5 and end not in (dt.date(2026, 9, 7), dt.date(2026, 10, 12),
                                                          dt.date(2026, 11, 11)):
                        left -= 1
                open_stage = pub is None and stage == "Brand review"
                reviews.append([f"CT-{1001 + i}", title, stage, who, start.isoformat(),
                                "" if open_stage else end.isoformat()])
                start = end if not open_stage else start
        # promotion log for items published since July
        if pub is not None and status == "Published" and pub >= dt.date(2026, 7, 1):
            for step, day in (("Blog publish", 0), ("Email announcement", 0), ("Social media (X, Facebook)", 1),
                              ("LinkedIn post", 3), ("Email newsletter", 7), ("Repurpose: slides", 14),
                              ("Performance review", 30)):
                when = pub + dt.timedelta(days=day)
                if when > AS_OF.date():
                    continue
                if title == "Email Deliverability for B2B Teams" and step == "Email newsletter":
                    continue  # missed
                if title == "Nurture Tracks by Lead Score" and step == "LinkedIn post":
                    when = pub + dt.timedelta(days=6)  # late
                promotion.append([f"CT-{1001 + i}", step, when.isoformat()])
    analytics.append(["/pricing/", "2026-10", "9,812", "7,400", "00:01:05", "210", "3", "1"])  # not content
    write_csv(out / "content_inventory.csv",
              ["Content ID", "Title", "URL", "Content Type", "Author", "Status", "Publish Date", "Last Updated",
               "Last Audit", "Word Count", "Sources", "Meta Description", "Promotion Links", "CTA"], inventory,
              quoting=csv.QUOTE_MINIMAL)
    write_csv(out / "content_analytics.csv",
              ["Page path", "Month", "Views", "Sessions", "Avg. Time on Page", "Conversions", "Shares",
               "Referring Domains"], analytics, quoting=csv.QUOTE_MINIMAL)
    write_csv(out / "content_reviews.csv",
              ["Content ID", "Title", "Review Stage", "Reviewer", "Start Date", "End Date"], reviews,
              quoting=csv.QUOTE_MINIMAL)
    write_csv(out / "content_promotion.csv", ["Content ID", "Channel", "Date"], promotion,
              quoting=csv.QUOTE_MINIMAL)
    return len(inventory)
# ---- exit criteria on the opportunities & the deals' own activities ------------------------
# Sales Process SOP exit criteria as an org tracks some of them in custom fields: appended to
# opportunities.csv (its first 16 columns stay as written above, so every file that reads it is
# unchanged) from their own generator, with planted gaps, plus deal_activities.csv (demos and the
# emails that send their recordings) for `deals inspect --activities`.
CRITERIA_COLUMNS = ["Discovery Call Date", "Decision Maker Identified", "Pain Points", "BANT Qualified", "Champion",
                    "Demo Date", "Mutual Evaluation Plan", "Budget Range", "Timeline", "Competition",
                    "Solution Fit Confirmed", "ROI Validated", "Proposal Sent Date", "Decision Date",
                    "Contract Sent Date", "Kickoff Date", "Loss Reason"]
# (column, the SOP stage whose exit criterion it shows)
CRITERIA_STAGE = {"Discovery Call Date": "Prospecting", "Decision Maker Identified": "Prospecting",
                  "Pain Points": "Prospecting", "BANT Qualified": "Discovery", "Champion": "Discovery",
                  "Demo Date": "Discovery", "Mutual Evaluation Plan": "Discovery", "Budget Range": "Discovery",
                  "Timeline": "Discovery", "Competition": "Discovery", "Solution Fit Confirmed": "Solution Design",
                  "ROI Validated": "Solution Design", "Proposal Sent Date": "Proposal", "Decision Date": "Proposal",
                  "Contract Sent Date": "Negotiation", "Kickoff Date": "Closed Won", "Loss Reason": "Closed Lost"}
PAINS = ["Slow lead response", "Manual lead routing", "Duplicate records", "No pipeline visibility",
         "Spreadsheet forecasting", "Poor data quality", "Missed SLAs", "Low rep adoption"]
COMPETITORS = ["LeanData", "Chili Piper", "Openprise", "In-house scripts", "Status quo", "Insycle"]
LOSS_REASONS = ["Price", "Chose competitor", "No budget", "No decision", "Timing", "Champion left"]
CHAMPIONS = ["Dana Whitaker", "Luis Ortega", "Mei Tanaka", "Priyanka Shah", "Tom Becker", "Ngozi Adeyemi",
             "Erik Lindgren", "Claire Dubois"]


def _history_paths(out: Path) -> dict[str, list[tuple[str, dt.datetime]]]:
    with open(out / "stage_history.csv", newline="", encoding="utf-8") as handle:
        paths: dict[str, list[tuple[str, dt.datetime]]] = {}
        for row in csv.DictReader(handle):
            paths.setdefault(row["Opportunity ID"], []).append(
                (row["To Stage"], dt.datetime.strptime(row["Last Modified"], "%m/%d/%Y %I:%M %p")))
    return paths


def _working_moment(rng: random.Random, day: dt.datetime) -> dt.datetime:
    """A weekday between 9:30 and 15:30 on or after ``day`` (demos happen in office hours)."""
    t = day.replace(hour=9, minute=30) + dt.timedelta(minutes=15 * rng.randint(0, 24))
    while t.weekday() >= 5:
        t += dt.timedelta(days=1)
    return t


def write_opportunity_criteria(rng: random.Random, out: Path) -> int:
    """Appends the exit-criteria fields to opportunities.csv and writes deal_activities.csv.

    A criterion of a stage the deal has left is filled ~96% of the time, of a stage it skipped
    (stage_history.csv) ~40%, of its current stage ~50%, of a later stage never; Closed Won deals
    get a kickoff date (~80%), Closed Lost ones a loss reason (~85%, some 'n/a'). Planted: pain
    point lists shorter than 3 past Discovery, proposal dates in the future on deals already in
    Negotiation, demo recordings sent hours late or never."""
    opps = _read_opportunities(out)
    header = list(opps[0].keys())
    paths = _history_paths(out)
    stage_order = OPEN_STAGES + ["Closed Won"]
    activities = []
    for opp in opps:
        oid, stage = opp["Opportunity ID"], opp["Stage"]
        created = dt.datetime.strptime(opp["Created Date"], "%m/%d/%Y")
        entered = dt.datetime.strptime(opp["Stage Entered Date"], "%m/%d/%Y")
        history = paths.get(oid, [])
        visited = {name for name, _ in history}
        if stage == "Closed Lost":  # lost from the last open stage it reached
            reached = [s for s, _ in history if s in OPEN_STAGES]
            position = OPEN_STAGES.index(reached[-1]) if reached else 0
        else:
            position = stage_order.index(stage)
        reach = {s: i for i, s in enumerate(stage_order)}
        ordered = [s for s, _ in sorted(history, key=lambda h: h[1]) if s in reach]
        first = reach[ordered[0]] if ordered else 0
        furthest = max((reach[s] for s in ordered), default=0)
        skipped = {s for i, s in enumerate(OPEN_STAGES) if first < i < furthest and s not in visited}
        values = {}
        for column in CRITERIA_COLUMNS:
            owner_stage = CRITERIA_STAGE[column]
            if owner_stage in ("Closed Won", "Closed Lost"):
                done = stage == owner_stage and rng.random() < (0.8 if owner_stage == "Closed Won" else 0.85)
            else:
                at = OPEN_STAGES.index(owner_stage)
                chance = (0.4 if owner_stage in skipped else 0.96) if at < position else 0.5 if at == position else 0
                done = rng.random() < chance
            values[column] = done
        span = max((AS_OF - created).days, 1)

        def day_after(start: dt.datetime, lo: int, hi: int) -> str:
            return sf_date(min(start + dt.timedelta(days=rng.randint(lo, hi)), AS_OF))

        row = {}
        row["Discovery Call Date"] = day_after(created, 1, min(6, span)) if values["Discovery Call Date"] else ""
        row["Decision Maker Identified"] = "1" if values["Decision Maker Identified"] else "0"
        pains = rng.sample(PAINS, rng.choice([2, 3, 3, 4, 4, 5]) if position > 1 else rng.choice([1, 2]))
        row["Pain Points"] = "; ".join(pains) if values["Pain Points"] else ""
        row["BANT Qualified"] = "1" if values["BANT Qualified"] else "0"
        row["Champion"] = rng.choice(CHAMPIONS) if values["Champion"] else ""
        demo_day = None
        if values["Demo Date"] or (position >= 2 and "Solution Design" in visited):
            demo_day = next((t for s, t in history if s == "Solution Design"), None) or (
                created + dt.timedelta(days=rng.randint(3, max(3, span))))
            demo_day = min(demo_day, AS_OF - dt.timedelta(days=1))
        row["Demo Date"] = sf_date(demo_day) if demo_day is not None and values["Demo Date"] else ""
        row["Mutual Evaluation Plan"] = (rng.choice(["MAP v1 shared", "MAP agreed with champion", "See MAP doc"])
                                         if values["Mutual Evaluation Plan"] else "")
        row["Budget Range"] = rng.choice(["$25k-$50k", "$50k-$100k", "$100k+", "under $25k"]) \
            if values["Budget Range"] else ""
        row["Timeline"] = rng.choice(["Q4 2026", "Q1 2027", "Before renewal", "H1 2027"]) if values["Timeline"] else ""
        row["Competition"] = "; ".join(rng.sample(COMPETITORS, rng.randint(1, 2))) if values["Competition"] else ""
        row["Solution Fit Confirmed"] = "1" if values["Solution Fit Confirmed"] else "0"
        row["ROI Validated"] = "1" if values["ROI Validated"] else "0"
        proposal = ""
        if values["Proposal Sent Date"]:
            proposal = day_after(entered if stage == "Proposal" else created, 0, min(10, span))
            if stage == "Negotiation" and rng.random() < 0.12:  # planted: "sent" date still ahead
                proposal = sf_date(AS_OF + dt.timedelta(days=rng.randint(2, 9)))
        row["Proposal Sent Date"] = proposal
        row["Decision Date"] = sf_date(AS_OF + dt.timedelta(days=rng.randint(5, 60))) if values["Decision Date"] else ""
        row["Contract Sent Date"] = day_after(entered, 0, 3) if values["Contract Sent Date"] else ""
        close = dt.datetime.strptime(opp["Close Date"], "%m/%d/%Y")
        row["Kickoff Date"] = day_after(close, 1, 5) if values["Kickoff Date"] else ""
        row["Loss Reason"] = (rng.choice(LOSS_REASONS) if rng.random() > 0.1 else "n/a") if values["Loss Reason"] else ""
        opp.update(row)
        # the demo and its recording, for deals that held one
        if demo_day is not None and position >= 2 and rng.random() < 0.95:
            demo = _working_moment(rng, demo_day)
            owner = opp["Opportunity Owner"]
            activities.append((demo, oid, "Demo", f"Product demo - {opp['Account Name']}", owner))
            lag = wchoice(rng, [(35, 30), (60, 25), (95, 20), (110, 8), (200, 6), (330, 4), (1500, 3), (None, 4)])
            if lag is not None:
                sent = demo + dt.timedelta(minutes=lag + rng.randint(0, 9))
                activities.append((sent, oid, "Email", "Demo recording + slides", owner))
            follow = demo + dt.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 3))
            if follow < AS_OF:
                activities.append((follow, oid, "Call", "Follow-up on demo", owner))
    write_csv(out / "opportunities.csv", header + CRITERIA_COLUMNS, [[o[h] for h in header + CRITERIA_COLUMNS]
                                                                      for o in opps])
    activities.sort(key=lambda a: (a[0], a[1]))
    write_csv(out / "deal_activities.csv", ["Activity ID", "Opportunity ID", "Activity Type", "Subject",
                                            "Activity Date", "Assigned"],
              [[f"00U5e00000{k:06d}", oid, kind, subject, sf_datetime(at), owner]
               for k, (at, oid, kind, subject, owner) in enumerate(activities)], quoting=csv.QUOTE_MINIMAL)
    return len(activities)
# ---- yesterday's opportunity snapshot & the quota file -------------------------------------
# Both read the files written above and draw from their own generators, so every other file
# stays byte-identical. The snapshot is the same Salesforce opportunity report exported a day
# earlier (2026-11-19 08:00), for `revops report pipeline-changes`; the quotas are the sales
# team's sheet, for attainment and coverage.
PREVIOUS_AS_OF = AS_OF - dt.timedelta(days=1)
OPPORTUNITY_HEADER = ["Opportunity ID", "Opportunity Name", "Account Name", "Stage", "Amount", "Probability (%)",
                      "Close Date", "Created Date", "Stage Entered Date", "Opportunity Owner",
                      "Primary Campaign Source", "Lead Source", "Discount (%)", "Discount Approved By", "Next Step",
                      "Converted Lead ID"]
STAGE_PROBABILITY = {"Prospecting": 10, "Discovery": 20, "Solution Design": 40, "Proposal": 60, "Negotiation": 80,
                     "Closed Won": 100, "Closed Lost": 0}


def _amount_text(rng: random.Random, amount: int) -> str:
    return wchoice(rng, [(str(amount), 60), (f"{amount:.2f}", 25), (f"{amount:,}", 8), (f"USD {amount:,.2f}", 7)])


def write_previous_snapshot(rng: random.Random, out: Path) -> int:
    """The opportunity export of 2026-11-19 08:00: what each deal looked like before today's changes.

    Deals created on 11/19 are not in it yet (new). A deal that entered its stage on 11/20 (and half
    of those that entered it on 11/19) was in its previous stage of stage_history.csv (so today it
    moved forward, or was won or lost); two of those were a stage further on (they slipped back today)
    and one open deal was Closed Lost (reopened today). Some open deals had another amount, an earlier
    close date (pushed today) or a later one (pulled in), one another owner; two deals of yesterday
    are gone today (a duplicate merged away, a test record deleted)."""
    current = _read_opportunities(out)
    with open(out / "stage_history.csv", newline="", encoding="utf-8") as handle:
        history: dict[str, list[str]] = {}
        for row in csv.DictReader(handle):
            history.setdefault(row["Opportunity ID"], []).append(row["To Stage"])
    rows = []
    open_ids = [o["Opportunity ID"] for o in current if not o["Stage"].startswith("Closed")]
    moved = []
    for opp in current:
        created = dt.datetime.strptime(opp["Created Date"], "%m/%d/%Y")
        if created.date() >= PREVIOUS_AS_OF.date():
            continue  # created since: a new deal today
        row = dict(opp)
        entered = dt.datetime.strptime(opp["Stage Entered Date"], "%m/%d/%Y").date()
        path = history.get(opp["Opportunity ID"], [])
        changed_today = entered == AS_OF.date() or (entered == PREVIOUS_AS_OF.date() and rng.random() < 0.5)
        if changed_today and len(path) >= 2:
            before = path[-2]
            row["Stage"] = before
            row["Probability (%)"] = str(STAGE_PROBABILITY[before])
            row["Stage Entered Date"] = opp["Created Date"] if len(path) == 2 else sf_date(
                (entered - dt.timedelta(days=rng.randint(3, 20))))
            if opp["Stage"].startswith("Closed"):  # it was still open, closing later
                row["Close Date"] = sf_date(entered + dt.timedelta(days=rng.randint(5, 40)))
            else:
                moved.append(opp["Opportunity ID"])
        rows.append(row)
    by_id = {r["Opportunity ID"]: r for r in rows}
    # two deals slipped back today: yesterday they were a stage further on
    for oid in moved[:2]:
        row, now_stage = by_id[oid], next(o["Stage"] for o in current if o["Opportunity ID"] == oid)
        later = OPEN_STAGES[min(OPEN_STAGES.index(now_stage) + 1, len(OPEN_STAGES) - 1)]
        row["Stage"], row["Probability (%)"] = later, str(STAGE_PROBABILITY[later])
    # one deal lost last month was reopened today
    still_open = [oid for oid in open_ids if oid in by_id and oid not in moved]
    rng.shuffle(still_open)
    reopened = still_open.pop()
    row = by_id[reopened]
    row["Stage"], row["Probability (%)"] = "Closed Lost", "0"
    row["Close Date"] = sf_date(PREVIOUS_AS_OF.date() - dt.timedelta(days=rng.randint(20, 40)))
    row["Next Step"] = ""
    # amounts changed today on six open deals
    for oid in still_open[:6]:
        row = by_id[oid]
        amount = float(re.sub(r"[^0-9.]", "", row["Amount"]))
        row["Amount"] = _amount_text(rng, sig2(amount * rng.choice([0.7, 0.8, 0.9, 1.15, 1.25, 1.5])))
    # close dates: eight pushed out today (earlier yesterday), two pulled in (later yesterday)
    for k, oid in enumerate(still_open[6:16]):
        row = by_id[oid]
        close = dt.datetime.strptime(row["Close Date"], "%m/%d/%Y").date()
        shift = rng.randint(7, 45)
        created = dt.datetime.strptime(row["Created Date"], "%m/%d/%Y").date()
        earlier = max(close - dt.timedelta(days=shift), created + dt.timedelta(days=1))
        row["Close Date"] = sf_date(earlier if k < 8 else close + dt.timedelta(days=shift))
    # one deal changed hands today
    row = by_id[still_open[16]]
    owners = [r[0] for r in REPS if r[1] in ("Senior Sales Rep", "Sales Rep", "AE", "Senior AE")]
    row["Opportunity Owner"] = rng.choice([o for o in owners if o != row["Opportunity Owner"]])
    # two deals of yesterday are gone today: a duplicate merged into its twin, and a test record
    twin = by_id[still_open[17]]
    duplicate = dict(twin)
    duplicate["Opportunity ID"] = sf_ids("0065e00000", [339_000_001])[0]
    duplicate["Opportunity Name"] = twin["Opportunity Name"] + " (2)"
    test = dict(by_id[still_open[18]])
    test.update({"Opportunity ID": sf_ids("0065e00000", [339_000_777])[0], "Opportunity Name": "TEST - do not use",
                 "Account Name": "Test Account", "Amount": "1", "Primary Campaign Source": "", "Lead Source": "",
                 "Discount (%)": "0", "Discount Approved By": "", "Next Step": "", "Converted Lead ID": ""})
    rows += [duplicate, test]
    rows.sort(key=lambda r: r["Opportunity ID"])
    write_csv(out / "opportunities_2026-11-19.csv", OPPORTUNITY_HEADER, [[r[h] for h in OPPORTUNITY_HEADER]
                                                                         for r in rows])
    return len(rows)


QUOTA_TEAMS = {"Marcus Chen": "Americas", "Sofia Alvarez": "Americas", "Jordan Blake": "Americas",
               "Aiden Park": "Americas", "Liam O'Connor": "EMEA", "Hannah Schmidt": "EMEA"}


def write_quotas(rng: random.Random, out: Path) -> int:
    """The sales team's quota sheet: a monthly bookings quota per rep (seniors carry more), July to December
    2026, with the rep's team; each team's quarterly quota (90% of its reps' sum: managers over-assign).
    Aiden Park joined in September, so he has no quota for July and August. SDRs carry no bookings quota."""
    roles = {r[0]: r[1] for r in REPS}
    rows = []
    monthly: dict[tuple[str, int], int] = {}
    for month in range(7, 13):
        for rep, team in QUOTA_TEAMS.items():
            if rep == "Aiden Park" and month < 9:
                continue
            base = 250_000 if roles[rep].startswith("Senior") else 180_000
            amount = round(base * rng.uniform(0.9, 1.1), -4)
            monthly[(rep, month)] = amount
            rows.append([rep, team, f"2026-{month:02d}", f"{amount:.0f}"])
    for quarter, months in (("2026-Q3", (7, 8, 9)), ("2026-Q4", (10, 11, 12))):
        for team in ("Americas", "EMEA"):
            total = sum(monthly.get((rep, m), 0) for rep, t in QUOTA_TEAMS.items() if t == team for m in months)
            rows.append(["", team, quarter, f"{round(total * 0.9, -4):.0f}"])
    write_csv(out / "quotas.csv", ["Rep", "Team", "Period", "Quota"], rows, quoting=csv.QUOTE_MINIMAL)
    return len(rows)


if __name__ == "__main__":
    main()

