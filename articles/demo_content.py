"""Demo content for SymptomSite.

Pure data, consumed by the ``load_demo`` management command. All wording is
original, plain-language writing for demonstration purposes. It is general
health information, not medical advice, and must be reviewed by a clinician
before any real publication.

Shapes:

* CATEGORIES: list of {"slug", "name", "description"}
* CONDITIONS: list of {"slug", "name", "synonyms", "gloss", "icd10", "snomed_ct", "mesh"}
* ARTICLES:   list of {"slug", "title", "question", "lead", "categories", "overview",
                       "related", "copyright_holder", "sections", "references"}

Each entry in a group holds exactly one of "condition", "article" (slugs) or
"text" (a plain item); condition and article entries may carry a "note".
Codes (ICD-10, SNOMED CT, MeSH) are filled in only where they are well
established; otherwise they are left as "".
"""

from __future__ import annotations

CATEGORIES = [
    {
        "slug": "bones-joints-muscles",
        "name": "Bones, Joints and Muscles",
        "description": (
            "Symptoms that affect how you move: aches, stiffness, weakness and changes in "
            "muscle size, and the conditions of bones, joints and muscles behind them."
        ),
    },
    {
        "slug": "brain-nerves",
        "name": "Brain and Nerves",
        "description": (
            "Symptoms that start in the brain, spinal cord or nerves, such as numbness, "
            "tingling, dizziness and loss of strength or coordination."
        ),
    },
    {
        "slug": "whole-body-general-health",
        "name": "Whole Body and General Health",
        "description": (
            "Symptoms that affect the whole body rather than one part of it, such as "
            "tiredness, weight changes and feeling generally unwell."
        ),
    },
    {
        "slug": "heart-lungs",
        "name": "Heart and Lungs",
        "description": (
            "Symptoms linked to the heart, blood vessels and breathing, including "
            "light-headedness, fainting, chest discomfort and shortness of breath."
        ),
    },
]


CONDITIONS = [
    # --- Muscles, joints and general causes -------------------------------------------
    {
        "slug": "being-bedridden",
        "name": "Being bedridden",
        "synonyms": ["Prolonged bed rest", "Immobility"],
        "gloss": "spending long periods in bed because of illness, surgery or injury",
        "icd10": "",
        "snomed_ct": "",
        "mesh": "",
    },
    {
        "slug": "immobilizing-injury",
        "name": "Injury that needs immobilization",
        "synonyms": ["Broken bone"],
        "gloss": "such as a broken arm or leg that must be kept still in a cast, splint or brace",
        "icd10": "",
        "snomed_ct": "",
        "mesh": "",
    },
    {
        "slug": "malnutrition",
        "name": "Malnutrition",
        "synonyms": ["Undernutrition", "Poor nutrition"],
        "gloss": "not getting enough calories, protein, vitamins or minerals for the body's needs",
        "icd10": "E46",
        "snomed_ct": "",
        "mesh": "D044342",
    },
    {
        "slug": "muscular-dystrophy",
        "name": "Muscular dystrophy",
        "synonyms": ["MD"],
        "gloss": "a group of inherited diseases in which muscle fibers slowly break down and weaken",
        "icd10": "G71.0",
        "snomed_ct": "",
        "mesh": "D009136",
    },
    {
        "slug": "osteoarthritis",
        "name": "Osteoarthritis",
        "synonyms": ["Degenerative joint disease", "Wear-and-tear arthritis", "OA"],
        "gloss": "gradual wearing away of the cartilage that cushions the ends of bones in a joint",
        "icd10": "M19.9",
        "snomed_ct": "396275006",
        "mesh": "D010003",
    },
    {
        "slug": "polymyositis",
        "name": "Polymyositis",
        "synonyms": [],
        "gloss": "an inflammatory disease of many muscles at once, mainly those of the hips, thighs, shoulders and upper arms",
        "icd10": "M33.2",
        "snomed_ct": "",
        "mesh": "D017285",
    },
    {
        "slug": "dermatomyositis",
        "name": "Dermatomyositis",
        "synonyms": [],
        "gloss": "muscle inflammation that comes with a typical reddish or purplish skin rash",
        "icd10": "M33.1",
        "snomed_ct": "",
        "mesh": "D003882",
    },
    {
        "slug": "rheumatoid-arthritis",
        "name": "Rheumatoid arthritis",
        "synonyms": ["RA"],
        "gloss": "an autoimmune disease in which the immune system attacks the lining of the joints",
        "icd10": "M06.9",
        "snomed_ct": "69896004",
        "mesh": "D001172",
    },
    {
        "slug": "lupus",
        "name": "Lupus",
        "synonyms": ["Systemic lupus erythematosus", "SLE"],
        "gloss": "an autoimmune disease that can inflame the joints, skin, kidneys and other organs",
        "icd10": "M32.9",
        "snomed_ct": "55464009",
        "mesh": "D008180",
    },
    {
        "slug": "gout",
        "name": "Gout",
        "synonyms": ["Gouty arthritis"],
        "gloss": "sudden, very painful swelling of a joint caused by uric acid crystals",
        "icd10": "M10.9",
        "snomed_ct": "90560007",
        "mesh": "D006073",
    },
    {
        "slug": "septic-arthritis",
        "name": "Septic arthritis",
        "synonyms": ["Infectious arthritis", "Joint infection"],
        "gloss": "an infection inside a joint, usually caused by bacteria",
        "icd10": "M00.9",
        "snomed_ct": "",
        "mesh": "D001170",
    },
    {
        "slug": "fibromyalgia",
        "name": "Fibromyalgia",
        "synonyms": [],
        "gloss": "long-lasting widespread pain and tenderness, often with tiredness and poor sleep",
        "icd10": "M79.7",
        "snomed_ct": "203082005",
        "mesh": "D005356",
    },
    {
        "slug": "muscle-strain",
        "name": "Muscle strain or overuse",
        "synonyms": ["Pulled muscle", "Overexertion"],
        "gloss": "muscle fibers that have been overworked, overstretched or partly torn",
        "icd10": "",
        "snomed_ct": "",
        "mesh": "",
    },
    {
        "slug": "herniated-disc",
        "name": "Herniated disc",
        "synonyms": ["Slipped disc", "Ruptured disc", "Herniated disk"],
        "gloss": "a cushioning disc between the spinal bones that bulges or tears and can press on a nerve",
        "icd10": "",
        "snomed_ct": "",
        "mesh": "D007405",
    },
    {
        "slug": "spinal-stenosis",
        "name": "Spinal stenosis",
        "synonyms": [],
        "gloss": "narrowing of the spaces in the spine that can squeeze the spinal cord or nerve roots",
        "icd10": "M48.0",
        "snomed_ct": "",
        "mesh": "D013130",
    },
    # --- Brain, spinal cord and nerves --------------------------------------------------
    {
        "slug": "alcoholic-myopathy",
        "name": "Alcoholic myopathy",
        "synonyms": ["Alcohol myopathy", "Alcohol-related muscle disease"],
        "gloss": "muscle damage caused by heavy drinking, usually over a long period",
        "icd10": "G72.1",
        "snomed_ct": "",
        "mesh": "",
    },
    {
        "slug": "amyotrophic-lateral-sclerosis",
        "name": "Amyotrophic lateral sclerosis (ALS)",
        "synonyms": ["ALS", "Lou Gehrig's disease", "Motor neuron disease"],
        "gloss": "a progressive disease that destroys the nerve cells that control voluntary muscles",
        "icd10": "G12.2",
        "snomed_ct": "86044005",
        "mesh": "D000690",
    },
    {
        "slug": "diabetic-neuropathy",
        "name": "Diabetic neuropathy",
        "synonyms": ["Diabetic nerve damage"],
        "gloss": "nerve damage caused by blood sugar levels that have been too high for a long time",
        "icd10": "",
        "snomed_ct": "",
        "mesh": "D003929",
    },
    {
        "slug": "peripheral-neuropathy",
        "name": "Peripheral neuropathy",
        "synonyms": ["Polyneuropathy", "Nerve damage"],
        "gloss": "damage to the nerves outside the brain and spinal cord, often starting in the feet",
        "icd10": "G62.9",
        "snomed_ct": "",
        "mesh": "",
    },
    {
        "slug": "toxin-exposure",
        "name": "Exposure to toxins or poisons",
        "synonyms": ["Poisoning", "Heavy metal poisoning"],
        "gloss": "such as lead or other heavy metals, some pesticides or industrial solvents",
        "icd10": "",
        "snomed_ct": "",
        "mesh": "",
    },
    {
        "slug": "guillain-barre-syndrome",
        "name": "Guillain-Barre syndrome",
        "synonyms": ["Guillain-Barré syndrome", "GBS", "Acute inflammatory demyelinating polyneuropathy"],
        "gloss": "an immune attack on the nerves that causes weakness, often starting in the legs and spreading over days to weeks",
        "icd10": "G61.0",
        "snomed_ct": "40956001",
        "mesh": "D020275",
    },
    {
        "slug": "multiple-sclerosis",
        "name": "Multiple sclerosis",
        "synonyms": ["MS"],
        "gloss": "an autoimmune disease that damages the protective coating of nerves in the brain and spinal cord",
        "icd10": "G35",
        "snomed_ct": "24700007",
        "mesh": "D009103",
    },
    {
        "slug": "spinal-cord-injury",
        "name": "Neck or spinal cord injury",
        "synonyms": ["Spinal cord trauma"],
        "gloss": "damage to the spinal cord, which carries messages between the brain and the rest of the body",
        "icd10": "",
        "snomed_ct": "",
        "mesh": "D013119",
    },
    {
        "slug": "spinal-muscular-atrophy",
        "name": "Spinal muscular atrophy",
        "synonyms": ["SMA"],
        "gloss": "an inherited disease in which the motor nerve cells of the spinal cord are gradually lost",
        "icd10": "",
        "snomed_ct": "",
        "mesh": "",
    },
    {
        "slug": "myasthenia-gravis",
        "name": "Myasthenia gravis",
        "synonyms": ["MG"],
        "gloss": "an autoimmune condition that blocks signals from nerves to muscles, so muscles tire quickly with use",
        "icd10": "G70.0",
        "snomed_ct": "91637004",
        "mesh": "D009157",
    },
    {
        "slug": "carpal-tunnel-syndrome",
        "name": "Carpal tunnel syndrome",
        "synonyms": [],
        "gloss": "pressure on the median nerve where it passes through a narrow channel in the wrist",
        "icd10": "G56.0",
        "snomed_ct": "57406009",
        "mesh": "D002349",
    },
    {
        "slug": "cauda-equina-syndrome",
        "name": "Cauda equina syndrome",
        "synonyms": [],
        "gloss": "severe squeezing of the bundle of nerve roots at the lower end of the spine",
        "icd10": "G83.4",
        "snomed_ct": "",
        "mesh": "",
    },
    {
        "slug": "stroke",
        "name": "Stroke",
        "synonyms": ["Brain attack", "Cerebrovascular accident", "CVA"],
        "gloss": "a blocked or burst blood vessel that cuts off the blood supply to part of the brain",
        "icd10": "I64",
        "snomed_ct": "230690007",
        "mesh": "D020521",
    },
    {
        "slug": "transient-ischemic-attack",
        "name": "Transient ischemic attack (TIA)",
        "synonyms": ["TIA", "Mini-stroke"],
        "gloss": "a short-lived interruption of blood flow to the brain that causes stroke-like symptoms and is a warning sign of stroke",
        "icd10": "G45.9",
        "snomed_ct": "266257000",
        "mesh": "D002546",
    },
    {
        "slug": "bppv",
        "name": "Benign paroxysmal positional vertigo (BPPV)",
        "synonyms": ["BPPV", "Positional vertigo"],
        "gloss": "short spells of spinning set off by certain head movements, caused by loose crystals in the inner ear",
        "icd10": "H81.1",
        "snomed_ct": "",
        "mesh": "",
    },
    {
        "slug": "vestibular-neuritis",
        "name": "Vestibular neuritis or labyrinthitis",
        "synonyms": ["Labyrinthitis", "Vestibular neuronitis"],
        "gloss": "inflammation of the inner ear or its balance nerve, often after a viral infection",
        "icd10": "",
        "snomed_ct": "",
        "mesh": "",
    },
    # --- Whole body, hormones and blood ------------------------------------------------
    {
        "slug": "vitamin-b12-deficiency",
        "name": "Vitamin B12 deficiency",
        "synonyms": ["Low vitamin B12", "Cobalamin deficiency"],
        "gloss": "too little vitamin B12, which the nerves and red blood cells need to work properly",
        "icd10": "E53.8",
        "snomed_ct": "",
        "mesh": "D014806",
    },
    {
        "slug": "hypothyroidism",
        "name": "Hypothyroidism",
        "synonyms": ["Underactive thyroid"],
        "gloss": "an underactive thyroid gland, which slows down many of the body's processes",
        "icd10": "E03.9",
        "snomed_ct": "40930008",
        "mesh": "D007037",
    },
    {
        "slug": "diabetes",
        "name": "Diabetes",
        "synonyms": ["Diabetes mellitus"],
        "gloss": "a long-term condition in which the level of sugar in the blood is too high",
        "icd10": "",
        "snomed_ct": "73211009",
        "mesh": "D003920",
    },
    {
        "slug": "hypoglycemia",
        "name": "Hypoglycemia",
        "synonyms": ["Low blood sugar", "Hypoglycaemia"],
        "gloss": "a blood sugar level that drops too low, most often in people treated for diabetes",
        "icd10": "E16.2",
        "snomed_ct": "302866003",
        "mesh": "D007003",
    },
    {
        "slug": "hypokalemia",
        "name": "Hypokalemia",
        "synonyms": ["Low potassium", "Hypokalaemia"],
        "gloss": "a low level of potassium in the blood, which muscles and the heart rely on",
        "icd10": "E87.6",
        "snomed_ct": "",
        "mesh": "D007008",
    },
    {
        "slug": "dehydration",
        "name": "Dehydration",
        "synonyms": [],
        "gloss": "the body losing more water than it takes in",
        "icd10": "E86",
        "snomed_ct": "34095006",
        "mesh": "D003681",
    },
    {
        "slug": "anemia",
        "name": "Anemia",
        "synonyms": ["Anaemia", "Low red blood cell count"],
        "gloss": "too few healthy red blood cells to carry enough oxygen around the body",
        "icd10": "D64.9",
        "snomed_ct": "271737000",
        "mesh": "D000740",
    },
    {
        "slug": "medication-side-effects",
        "name": "Medication side effects",
        "synonyms": ["Adverse drug reaction"],
        "gloss": "unwanted effects of prescription or over-the-counter medicines",
        "icd10": "",
        "snomed_ct": "",
        "mesh": "",
    },
    {
        "slug": "viral-infection",
        "name": "Viral infections",
        "synonyms": [],
        "gloss": "such as flu, COVID-19 or glandular fever (mononucleosis)",
        "icd10": "",
        "snomed_ct": "",
        "mesh": "",
    },
    {
        "slug": "sepsis",
        "name": "Sepsis",
        "synonyms": ["Blood poisoning", "Septicemia"],
        "gloss": "a life-threatening reaction in which the body's response to an infection starts to harm its own organs",
        "icd10": "A41.9",
        "snomed_ct": "91302008",
        "mesh": "D018805",
    },
    {
        "slug": "kidney-infection",
        "name": "Kidney infection",
        "synonyms": ["Pyelonephritis"],
        "gloss": "a bacterial infection of one or both kidneys, often spreading up from the bladder",
        "icd10": "",
        "snomed_ct": "",
        "mesh": "D011704",
    },
    {
        "slug": "depression",
        "name": "Depression",
        "synonyms": ["Major depressive disorder", "Clinical depression"],
        "gloss": "a mood disorder that causes lasting low mood or loss of interest in everyday life",
        "icd10": "F32.9",
        "snomed_ct": "35489007",
        "mesh": "D003866",
    },
    {
        "slug": "obstructive-sleep-apnea",
        "name": "Obstructive sleep apnea",
        "synonyms": ["Sleep apnea", "Sleep apnoea", "OSA"],
        "gloss": "repeated pauses in breathing during sleep because the throat narrows or closes",
        "icd10": "G47.3",
        "snomed_ct": "",
        "mesh": "D020181",
    },
    {
        "slug": "chronic-fatigue-syndrome",
        "name": "Chronic fatigue syndrome",
        "synonyms": ["Myalgic encephalomyelitis", "ME/CFS"],
        "gloss": "long-lasting, disabling exhaustion that worsens after effort and is not relieved by rest",
        "icd10": "G93.3",
        "snomed_ct": "",
        "mesh": "D015673",
    },
    # --- Heart and circulation -----------------------------------------------------------
    {
        "slug": "heart-attack",
        "name": "Heart attack",
        "synonyms": ["Myocardial infarction", "MI"],
        "gloss": "a sudden blockage of the blood supply to part of the heart muscle",
        "icd10": "I21.9",
        "snomed_ct": "22298006",
        "mesh": "D009203",
    },
    {
        "slug": "heart-failure",
        "name": "Heart failure",
        "synonyms": ["Congestive heart failure"],
        "gloss": "the heart cannot pump blood around the body as well as it should",
        "icd10": "I50.9",
        "snomed_ct": "84114007",
        "mesh": "D006333",
    },
    {
        "slug": "heart-arrhythmia",
        "name": "Heart rhythm problems",
        "synonyms": ["Arrhythmia", "Irregular heartbeat"],
        "gloss": "a heartbeat that is too fast, too slow or irregular",
        "icd10": "I49.9",
        "snomed_ct": "",
        "mesh": "D001145",
    },
    {
        "slug": "orthostatic-hypotension",
        "name": "Orthostatic hypotension",
        "synonyms": ["Postural hypotension", "Low blood pressure on standing"],
        "gloss": "a drop in blood pressure when you sit up or stand up",
        "icd10": "I95.1",
        "snomed_ct": "",
        "mesh": "D007024",
    },
    {
        "slug": "abdominal-aortic-aneurysm",
        "name": "Abdominal aortic aneurysm",
        "synonyms": ["AAA"],
        "gloss": "a swollen, weakened section of the body's main artery in the belly, dangerous if it tears or leaks",
        "icd10": "",
        "snomed_ct": "",
        "mesh": "",
    },
]


ARTICLES = [
    # =====================================================================================
    # Muscle atrophy
    # =====================================================================================
    {
        "slug": "muscle-atrophy",
        "title": "Muscle atrophy",
        "question": "What causes muscle atrophy?",
        "lead": (
            "Muscle atrophy means a loss of muscle tissue, so that a muscle becomes smaller and "
            "weaker. It most often happens when muscles are not used enough, for example during a "
            "long illness or with stiff, painful joints from rheumatoid arthritis, but it can also "
            "happen when the nerves that control a muscle are damaged."
        ),
        "categories": ["bones-joints-muscles"],
        "overview": "muscle-atrophy-overview",
        "related": ["muscle-weakness", "numbness-and-tingling", "fatigue", "muscle-cramps"],
        "copyright_holder": "SymptomSite contributors",
        "sections": [
            {
                "heading": "Common causes of muscle atrophy",
                "body": (
                    "Doctors often divide muscle wasting into two broad kinds. *Disuse* atrophy "
                    "happens when a muscle is not worked enough and can often be reversed with "
                    "activity and physical therapy. *Neurogenic* atrophy happens when the nerve "
                    "supplying a muscle is injured or diseased; it tends to develop faster and may "
                    "be harder to reverse."
                ),
                "groups": [
                    {
                        "heading": "General causes",
                        "lead_in": "Muscles can shrink when they are not used or when they are damaged by disease, including:",
                        "urgency": "normal",
                        "entries": [
                            {"condition": "being-bedridden", "note": ""},
                            {"condition": "dermatomyositis", "note": ""},
                            {"condition": "immobilizing-injury", "note": ""},
                            {"condition": "malnutrition", "note": ""},
                            {"condition": "muscular-dystrophy", "note": ""},
                            {"condition": "osteoarthritis", "note": ""},
                            {"condition": "polymyositis", "note": ""},
                            {"condition": "rheumatoid-arthritis", "note": ""},
                        ],
                    },
                    {
                        "heading": "Neurogenic causes",
                        "lead_in": "Muscle wasting can also follow damage to the nerves or spinal cord, or to the muscles from toxic substances, for example:",
                        "urgency": "normal",
                        "entries": [
                            {"condition": "alcoholic-myopathy", "note": ""},
                            {"condition": "amyotrophic-lateral-sclerosis", "note": ""},
                            {"condition": "diabetic-neuropathy", "note": ""},
                            {"condition": "toxin-exposure", "note": ""},
                            {"condition": "guillain-barre-syndrome", "note": ""},
                            {"condition": "multiple-sclerosis", "note": ""},
                            {"condition": "spinal-cord-injury", "note": ""},
                            {"condition": "spinal-muscular-atrophy", "note": ""},
                        ],
                    },
                    {
                        "heading": "Serious or life-threatening causes",
                        "lead_in": (
                            "Some causes are emergencies. Call 911 (or your local emergency number) or go to "
                            "the nearest emergency department if weakness comes on suddenly, spreads quickly, "
                            "affects breathing or swallowing, or follows a fall or blow to the neck or back. "
                            "Possible causes include:"
                        ),
                        "urgency": "emergency",
                        "entries": [
                            {"condition": "guillain-barre-syndrome", "note": ""},
                            {"condition": "spinal-cord-injury", "note": ""},
                            {"condition": "stroke", "note": ""},
                        ],
                    },
                ],
            },
            {
                "heading": "Questions for diagnosing the cause of muscle atrophy",
                "body": (
                    "To work out why a muscle is wasting, your doctor will examine you and ask about your "
                    "symptoms. Blood tests, imaging or tests of nerve and muscle function may follow. "
                    "It helps to think about the answers to questions like these before your visit:"
                ),
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {
                                "text": "Have you noticed any other symptoms, such as weakness, numbness, pain or twitching?"
                            },
                            {"text": "Are you being treated for any other illness or injury?"},
                            {"text": "Which medicines, supplements or herbal products do you take?"},
                            {"text": "When did you first notice the loss of muscle, and has it been getting worse?"},
                            {"text": "Which muscles are affected, and is it one side of the body or both?"},
                        ],
                    },
                ],
            },
            {
                "heading": "Potential complications of muscle atrophy",
                "body": (
                    "Muscle loss is easy to dismiss as a sign of getting older or being out of shape, but "
                    "it can be the first clue to a nerve or muscle disease that is easier to manage when "
                    "found early. Left unexplained and untreated, it can lead to:"
                ),
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Reduced athletic or physical performance"},
                            {"text": "Reduced mobility and a higher risk of falls"},
                            {"text": "Disability and difficulty with everyday tasks"},
                            {"text": "Loss of strength"},
                            {"text": "Paralysis, when a nerve disease progresses"},
                        ],
                    },
                ],
            },
            {
                "heading": "What other symptoms might occur with muscle atrophy?",
                "body": (
                    "Muscle atrophy often comes with other symptoms that point toward its cause. "
                    "Nerve-related causes in particular tend to produce a mix of the following:"
                ),
                "groups": [
                    {
                        "heading": "Neuromuscular symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "muscle-weakness", "note": ""},
                            {"article": "numbness-and-tingling", "note": ""},
                            {"article": "muscle-cramps", "note": ""},
                            {"text": "Muscle twitching (small, visible flickers under the skin)"},
                            {"text": "Difficulty walking or keeping your balance"},
                            {"text": "Clumsiness or dropping things"},
                            {"text": "Trouble speaking or swallowing"},
                        ],
                    },
                    {
                        "heading": "Other symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "fatigue", "note": ""},
                            {"article": "joint-pain", "note": "with stiffness, when arthritis keeps you from moving"},
                            {"text": "Unintended weight loss"},
                        ],
                    },
                ],
            },
        ],
        "references": [
            {
                "title": "Muscle atrophy",
                "publisher": "MedlinePlus Medical Encyclopedia, U.S. National Library of Medicine",
                "url": "https://medlineplus.gov/ency/article/003188.htm",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
            {
                "title": "What is ALS?",
                "publisher": "The ALS Association",
                "url": "https://www.als.org/understanding-als/what-is-als",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
            {
                "title": "Spinal Muscular Atrophy (SMA)",
                "publisher": "Muscular Dystrophy Association",
                "url": "https://www.mda.org/disease/spinal-muscular-atrophy",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
        ],
    },
    # =====================================================================================
    # Muscle atrophy overview (companion article)
    # =====================================================================================
    {
        "slug": "muscle-atrophy-overview",
        "title": "Muscle atrophy overview",
        "question": "What is muscle atrophy?",
        "lead": (
            "Muscle atrophy is the wasting, or shrinking, of muscle tissue. A limb may look thinner "
            "than before or than the same limb on the other side, and it usually feels weaker. "
            "Some atrophy is expected with aging and inactivity, but muscle loss without a clear "
            "reason should be checked by a doctor."
        ),
        "categories": ["bones-joints-muscles"],
        "overview": None,
        "related": ["muscle-atrophy", "muscle-weakness"],
        "copyright_holder": "SymptomSite contributors",
        "sections": [
            {
                "heading": "How muscle atrophy happens",
                "body": (
                    "Muscle is constantly being built up and broken down. When a muscle is used "
                    "regularly, the two processes stay in balance. If it is rested for weeks, for "
                    "example in a cast or during a hospital stay, breakdown wins and the muscle "
                    "shrinks. This *disuse atrophy* is common and usually improves once you become "
                    "active again.\n\n"
                    "A muscle also needs a working nerve supply. When the nerve cells or nerves that "
                    "signal a muscle are damaged, by injury or by diseases such as ALS or spinal "
                    "muscular atrophy, the muscle loses its stimulus and wastes away. This "
                    "*neurogenic atrophy* can be quicker and more severe.\n\n"
                    "Muscle tissue also slowly declines with age, a process called *sarcopenia*, and "
                    "it can be lost during serious illness or when the diet lacks enough protein and "
                    "energy."
                ),
                "groups": [],
            },
            {
                "heading": "Diagnosis and treatment",
                "body": (
                    "Diagnosis starts with a history and physical examination. Depending on what the "
                    "doctor finds, tests may include:\n\n"
                    "- blood tests, for example for muscle enzymes, thyroid function or vitamin levels\n"
                    "- imaging such as MRI or CT of the spine, brain or muscles\n"
                    "- nerve conduction studies and electromyography (EMG)\n"
                    "- a muscle or nerve biopsy in some cases\n\n"
                    "Treatment depends on the cause. Disuse atrophy often responds to a gradual "
                    "exercise program, physical therapy and good nutrition. Atrophy caused by nerve or "
                    "muscle disease is managed by treating the underlying condition where possible, "
                    "along with therapy to maintain strength and mobility. Ask your doctor or a "
                    "physical therapist before starting an exercise plan, especially after an injury "
                    "or illness."
                ),
                "groups": [],
            },
        ],
        "references": [
            {
                "title": "Muscle atrophy",
                "publisher": "MedlinePlus Medical Encyclopedia, U.S. National Library of Medicine",
                "url": "https://medlineplus.gov/ency/article/003188.htm",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
            {
                "title": "Muscle Disorders",
                "publisher": "MedlinePlus, U.S. National Library of Medicine",
                "url": "https://medlineplus.gov/muscledisorders.html",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
        ],
    },
    # =====================================================================================
    # Muscle weakness
    # =====================================================================================
    {
        "slug": "muscle-weakness",
        "title": "Muscle weakness",
        "question": "What causes muscle weakness?",
        "lead": (
            "Muscle weakness is a real loss of strength, so that a muscle cannot push, pull or lift "
            "as well as usual, which is different from simply feeling tired. It can come from the "
            "muscles themselves, from the nerves and brain that control them, or from problems "
            "elsewhere in the body such as hormone or mineral imbalances."
        ),
        "categories": ["bones-joints-muscles", "brain-nerves"],
        "overview": None,
        "related": ["muscle-atrophy", "numbness-and-tingling", "fatigue", "muscle-cramps"],
        "copyright_holder": "SymptomSite contributors",
        "sections": [
            {
                "heading": "Common causes of muscle weakness",
                "body": "",
                "groups": [
                    {
                        "heading": "Muscle, hormone and whole-body causes",
                        "lead_in": "Weakness that develops over days to months is often related to:",
                        "urgency": "normal",
                        "entries": [
                            {"condition": "being-bedridden", "note": ""},
                            {"condition": "hypothyroidism", "note": ""},
                            {"condition": "hypokalemia", "note": ""},
                            {
                                "condition": "medication-side-effects",
                                "note": "for example from corticosteroids or statins",
                            },
                            {"condition": "malnutrition", "note": ""},
                            {"condition": "polymyositis", "note": ""},
                            {"condition": "dermatomyositis", "note": ""},
                            {"condition": "muscular-dystrophy", "note": ""},
                            {"condition": "alcoholic-myopathy", "note": ""},
                        ],
                    },
                    {
                        "heading": "Nerve and brain causes",
                        "lead_in": (
                            "See a doctor soon about weakness that is new, keeps getting worse or has no clear "
                            "explanation. It may come from the nerves, spinal cord or brain, for example:"
                        ),
                        "urgency": "soon",
                        "entries": [
                            {"condition": "myasthenia-gravis", "note": ""},
                            {"condition": "multiple-sclerosis", "note": ""},
                            {"condition": "amyotrophic-lateral-sclerosis", "note": ""},
                            {"condition": "peripheral-neuropathy", "note": ""},
                            {"condition": "diabetic-neuropathy", "note": ""},
                            {"condition": "herniated-disc", "note": "when it presses on a nerve root"},
                            {"condition": "carpal-tunnel-syndrome", "note": "weakness of grip and the thumb"},
                            {"condition": "spinal-muscular-atrophy", "note": ""},
                        ],
                    },
                    {
                        "heading": "Serious or life-threatening causes",
                        "lead_in": (
                            "Call 911 (or your local emergency number) right away for sudden weakness, "
                            "especially on one side of the body, or weakness that spreads quickly or makes "
                            "it hard to breathe or swallow. Possible causes include:"
                        ),
                        "urgency": "emergency",
                        "entries": [
                            {"condition": "stroke", "note": ""},
                            {"condition": "transient-ischemic-attack", "note": ""},
                            {"condition": "guillain-barre-syndrome", "note": ""},
                            {"condition": "spinal-cord-injury", "note": ""},
                            {"condition": "myasthenia-gravis", "note": "if weakness affects breathing or swallowing"},
                        ],
                    },
                ],
            },
            {
                "heading": "Questions for diagnosing the cause of muscle weakness",
                "body": "Your doctor will want to understand the pattern of your weakness and may ask:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Did the weakness start suddenly or come on gradually?"},
                            {"text": "Which parts of the body are weak, and is it one side or both?"},
                            {"text": "Does the weakness get worse as you use the muscle and improve with rest?"},
                            {"text": "Do you have numbness, pain, double vision or trouble swallowing?"},
                            {"text": "Have you started or changed any medicines recently?"},
                        ],
                    },
                ],
            },
            {
                "heading": "Potential complications of muscle weakness",
                "body": "Depending on the cause, untreated weakness can lead to:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Falls and injuries"},
                            {"text": "Loss of independence in daily activities"},
                            {"text": "Muscle wasting"},
                            {"text": "Breathing or swallowing problems when the muscles involved are affected"},
                        ],
                    },
                ],
            },
            {
                "heading": "What other symptoms might occur with muscle weakness?",
                "body": "",
                "groups": [
                    {
                        "heading": "Neuromuscular symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "muscle-atrophy", "note": ""},
                            {"article": "numbness-and-tingling", "note": ""},
                            {"article": "muscle-cramps", "note": ""},
                            {"text": "Drooping eyelids or double vision"},
                            {"text": "Slurred speech"},
                        ],
                    },
                    {
                        "heading": "Whole-body symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "fatigue", "note": ""},
                            {"article": "dizziness", "note": ""},
                        ],
                    },
                ],
            },
        ],
        "references": [
            {
                "title": "Weakness",
                "publisher": "MedlinePlus Medical Encyclopedia, U.S. National Library of Medicine",
                "url": "https://medlineplus.gov/ency/article/003174.htm",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
            {
                "title": "Myasthenia Gravis",
                "publisher": "MedlinePlus, U.S. National Library of Medicine",
                "url": "https://medlineplus.gov/myastheniagravis.html",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
            {
                "title": "Guillain-Barré Syndrome",
                "publisher": "National Institute of Neurological Disorders and Stroke",
                "url": "https://www.ninds.nih.gov/health-information/disorders/guillain-barre-syndrome",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
        ],
    },
    # =====================================================================================
    # Numbness and tingling
    # =====================================================================================
    {
        "slug": "numbness-and-tingling",
        "title": "Numbness and tingling",
        "question": "What causes numbness and tingling?",
        "lead": (
            "Numbness and tingling, often described as pins and needles, happen when signals "
            "traveling along a nerve are interrupted. Brief episodes from sitting or sleeping in an "
            "awkward position are harmless, but lasting or recurring symptoms can point to nerve "
            "damage, and sudden numbness on one side of the body can be a sign of stroke."
        ),
        "categories": ["brain-nerves"],
        "overview": None,
        "related": ["muscle-weakness", "back-pain", "dizziness", "muscle-atrophy"],
        "copyright_holder": "SymptomSite contributors",
        "sections": [
            {
                "heading": "Common causes of numbness and tingling",
                "body": "",
                "groups": [
                    {
                        "heading": "Nerve compression and nerve damage",
                        "lead_in": "Pressure on a nerve, or damage to it, is the most common explanation, for example:",
                        "urgency": "normal",
                        "entries": [
                            {"condition": "carpal-tunnel-syndrome", "note": ""},
                            {"condition": "herniated-disc", "note": ""},
                            {"condition": "spinal-stenosis", "note": ""},
                            {"condition": "diabetic-neuropathy", "note": ""},
                            {"condition": "peripheral-neuropathy", "note": ""},
                        ],
                    },
                    {
                        "heading": "Causes that need a doctor's assessment",
                        "lead_in": "See a doctor soon if numbness keeps coming back, spreads or lasts, as it may be caused by:",
                        "urgency": "soon",
                        "entries": [
                            {"condition": "vitamin-b12-deficiency", "note": ""},
                            {"condition": "hypothyroidism", "note": ""},
                            {"condition": "multiple-sclerosis", "note": ""},
                            {"condition": "toxin-exposure", "note": ""},
                            {"condition": "medication-side-effects", "note": "for example some cancer treatments"},
                        ],
                    },
                    {
                        "heading": "Serious or life-threatening causes",
                        "lead_in": (
                            "Call 911 (or your local emergency number) for numbness that starts suddenly on "
                            "one side of the face or body, comes with weakness, confusion or trouble "
                            "speaking, follows a head, neck or back injury, or affects the groin and "
                            "buttocks. Possible causes include:"
                        ),
                        "urgency": "emergency",
                        "entries": [
                            {"condition": "stroke", "note": ""},
                            {"condition": "transient-ischemic-attack", "note": ""},
                            {"condition": "spinal-cord-injury", "note": ""},
                            {"condition": "cauda-equina-syndrome", "note": ""},
                            {"condition": "guillain-barre-syndrome", "note": ""},
                        ],
                    },
                ],
            },
            {
                "heading": "Questions for diagnosing the cause of numbness and tingling",
                "body": "Your doctor may ask:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Where exactly do you feel the numbness or tingling, and does it spread?"},
                            {"text": "Did it start suddenly, or has it built up over time?"},
                            {"text": "Is it worse at night or in certain positions?"},
                            {"text": "Do you have diabetes, drink alcohol regularly or follow a restricted diet?"},
                            {
                                "text": "Have you had any weakness, back pain or trouble controlling your bladder or bowels?"
                            },
                        ],
                    },
                ],
            },
            {
                "heading": "Potential complications of numbness and tingling",
                "body": "Loss of feeling means injuries can go unnoticed. Over time it can lead to:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Burns, cuts or blisters that are not felt"},
                            {"text": "Foot ulcers and infections, especially with diabetes"},
                            {"text": "Poor balance and falls"},
                            {"text": "Lasting nerve damage if the cause is not treated"},
                        ],
                    },
                ],
            },
            {
                "heading": "What other symptoms might occur with numbness and tingling?",
                "body": "",
                "groups": [
                    {
                        "heading": "Neuromuscular symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "muscle-weakness", "note": ""},
                            {"article": "muscle-atrophy", "note": ""},
                            {"text": "Burning or shooting nerve pain"},
                            {"text": "Unsteadiness when walking in the dark"},
                        ],
                    },
                    {
                        "heading": "Other symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "back-pain", "note": ""},
                            {"article": "dizziness", "note": ""},
                        ],
                    },
                ],
            },
        ],
        "references": [
            {
                "title": "Numbness and tingling",
                "publisher": "MedlinePlus Medical Encyclopedia, U.S. National Library of Medicine",
                "url": "https://medlineplus.gov/ency/article/003206.htm",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
            {
                "title": "Pins and needles",
                "publisher": "NHS",
                "url": "https://www.nhs.uk/conditions/pins-and-needles/",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
            {
                "title": "Peripheral Neuropathy",
                "publisher": "National Institute of Neurological Disorders and Stroke",
                "url": "https://www.ninds.nih.gov/health-information/disorders/peripheral-neuropathy",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
        ],
    },
    # =====================================================================================
    # Fatigue
    # =====================================================================================
    {
        "slug": "fatigue",
        "title": "Fatigue",
        "question": "What causes fatigue?",
        "lead": (
            "Fatigue is a lasting lack of energy that does not go away with a normal night's sleep. "
            "It is often linked to lifestyle, stress or a short-term illness, but it can also be the "
            "main sign of conditions such as anemia, an underactive thyroid, depression or heart disease."
        ),
        "categories": ["whole-body-general-health"],
        "overview": None,
        "related": ["muscle-weakness", "dizziness", "joint-pain", "muscle-atrophy"],
        "copyright_holder": "SymptomSite contributors",
        "sections": [
            {
                "heading": "Common causes of fatigue",
                "body": (
                    "Everyday factors such as too little sleep, long working hours, stress, lack of "
                    "exercise and drinking too much alcohol or caffeine are frequent causes. When "
                    "tiredness lasts for weeks despite rest, a medical cause is more likely."
                ),
                "groups": [
                    {
                        "heading": "Common medical causes",
                        "lead_in": "Ongoing tiredness is often linked to:",
                        "urgency": "normal",
                        "entries": [
                            {"condition": "anemia", "note": ""},
                            {"condition": "hypothyroidism", "note": ""},
                            {"condition": "depression", "note": ""},
                            {"condition": "obstructive-sleep-apnea", "note": ""},
                            {"condition": "viral-infection", "note": "tiredness can linger for weeks afterward"},
                            {"condition": "diabetes", "note": ""},
                            {"condition": "vitamin-b12-deficiency", "note": ""},
                            {"condition": "medication-side-effects", "note": ""},
                        ],
                    },
                    {
                        "heading": "Longer-term conditions",
                        "lead_in": "See a doctor if fatigue lasts more than a few weeks, as it can be a symptom of:",
                        "urgency": "soon",
                        "entries": [
                            {"condition": "heart-failure", "note": ""},
                            {"condition": "heart-arrhythmia", "note": ""},
                            {"condition": "chronic-fatigue-syndrome", "note": ""},
                            {"condition": "fibromyalgia", "note": ""},
                            {"condition": "rheumatoid-arthritis", "note": ""},
                            {"condition": "lupus", "note": ""},
                            {"condition": "multiple-sclerosis", "note": ""},
                            {"condition": "malnutrition", "note": ""},
                        ],
                    },
                    {
                        "heading": "Serious or life-threatening causes",
                        "lead_in": (
                            "Call 911 (or your local emergency number) if sudden, severe exhaustion comes "
                            "with chest pain or pressure, shortness of breath, fainting, confusion, or a "
                            "high or very low temperature with shivering. Possible causes include:"
                        ),
                        "urgency": "emergency",
                        "entries": [
                            {"condition": "heart-attack", "note": ""},
                            {"condition": "sepsis", "note": ""},
                        ],
                    },
                ],
            },
            {
                "heading": "Questions for diagnosing the cause of fatigue",
                "body": "Your doctor may ask:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "How long have you felt this way, and did it start after an illness?"},
                            {"text": "How many hours do you sleep, and do you wake up refreshed?"},
                            {"text": "Has anyone noticed you snoring loudly or stopping breathing in your sleep?"},
                            {"text": "How has your mood been, and are you under more stress than usual?"},
                            {"text": "Have you lost or gained weight, or noticed fevers or night sweats?"},
                        ],
                    },
                ],
            },
            {
                "heading": "Potential complications of fatigue",
                "body": "Persistent fatigue can affect safety and quality of life, including:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Accidents at work or while driving"},
                            {"text": "Difficulty concentrating and remembering"},
                            {"text": "Withdrawal from work, school and social life"},
                            {"text": "Delayed diagnosis of an underlying illness"},
                        ],
                    },
                ],
            },
            {
                "heading": "What other symptoms might occur with fatigue?",
                "body": "",
                "groups": [
                    {
                        "heading": "Whole-body symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "dizziness", "note": ""},
                            {"text": "Shortness of breath on exertion"},
                            {"text": "Unexplained weight change"},
                            {"text": "Feeling cold all the time"},
                        ],
                    },
                    {
                        "heading": "Neuromuscular symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "muscle-weakness", "note": ""},
                            {"article": "joint-pain", "note": ""},
                            {"text": "Aching muscles"},
                        ],
                    },
                ],
            },
        ],
        "references": [
            {
                "title": "Fatigue",
                "publisher": "MedlinePlus Medical Encyclopedia, U.S. National Library of Medicine",
                "url": "https://medlineplus.gov/ency/article/003088.htm",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
            {
                "title": "Tiredness and fatigue",
                "publisher": "NHS",
                "url": "https://www.nhs.uk/conditions/tiredness-and-fatigue/",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
        ],
    },
    # =====================================================================================
    # Joint pain
    # =====================================================================================
    {
        "slug": "joint-pain",
        "title": "Joint pain",
        "question": "What causes joint pain?",
        "lead": (
            "Joint pain is discomfort in the places where bones meet, such as the knees, hips, "
            "shoulders or the small joints of the hands. It may come from wear and tear, injury, "
            "inflammation or infection, and a hot, swollen joint with fever needs urgent attention."
        ),
        "categories": ["bones-joints-muscles"],
        "overview": None,
        "related": ["back-pain", "fatigue", "muscle-atrophy", "muscle-weakness"],
        "copyright_holder": "SymptomSite contributors",
        "sections": [
            {
                "heading": "Common causes of joint pain",
                "body": "",
                "groups": [
                    {
                        "heading": "Wear, injury and overuse",
                        "lead_in": "Pain in one or a few joints is often caused by:",
                        "urgency": "normal",
                        "entries": [
                            {"condition": "osteoarthritis", "note": ""},
                            {"condition": "muscle-strain", "note": "including sprains of the ligaments around a joint"},
                            {"condition": "gout", "note": ""},
                            {"condition": "viral-infection", "note": "which can cause short-lived aching joints"},
                        ],
                    },
                    {
                        "heading": "Inflammatory and whole-body causes",
                        "lead_in": (
                            "See a doctor soon if several joints are painful, swollen or stiff for more than "
                            "half an hour in the morning, which can be a sign of:"
                        ),
                        "urgency": "soon",
                        "entries": [
                            {"condition": "rheumatoid-arthritis", "note": ""},
                            {"condition": "lupus", "note": ""},
                            {"condition": "polymyositis", "note": ""},
                            {"condition": "fibromyalgia", "note": ""},
                        ],
                    },
                    {
                        "heading": "Serious or life-threatening causes",
                        "lead_in": (
                            "Go to the emergency department or call 911 (or your local emergency number) "
                            "for a joint that is suddenly hot, red and very swollen with fever, or a joint "
                            "that looks deformed or cannot bear weight after an injury. Possible causes include:"
                        ),
                        "urgency": "emergency",
                        "entries": [
                            {"condition": "septic-arthritis", "note": ""},
                            {
                                "condition": "immobilizing-injury",
                                "note": "for example a broken bone or dislocated joint",
                            },
                        ],
                    },
                ],
            },
            {
                "heading": "Questions for diagnosing the cause of joint pain",
                "body": "Your doctor may ask:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Which joints hurt, and are the same joints affected on both sides?"},
                            {"text": "Is the joint swollen, warm or red?"},
                            {"text": "Is it stiffest first thing in the morning or after activity?"},
                            {"text": "Did the pain follow an injury, a new activity or an illness?"},
                            {"text": "Do you have fever, a rash, tiredness or weight loss?"},
                        ],
                    },
                ],
            },
            {
                "heading": "Potential complications of joint pain",
                "body": "Ongoing joint pain that is not assessed and treated can lead to:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Permanent joint damage or deformity"},
                            {"text": "Stiffness and reduced range of movement"},
                            {"text": "Muscle wasting around a joint you avoid using"},
                            {"text": "Reduced mobility and disability"},
                        ],
                    },
                ],
            },
            {
                "heading": "What other symptoms might occur with joint pain?",
                "body": "",
                "groups": [
                    {
                        "heading": "Musculoskeletal symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "muscle-atrophy", "note": ""},
                            {"article": "back-pain", "note": ""},
                            {"text": "Joint swelling, warmth or redness"},
                            {"text": "Morning stiffness"},
                            {"text": "A grating or crunching feeling when the joint moves"},
                        ],
                    },
                    {
                        "heading": "Whole-body symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "fatigue", "note": ""},
                            {"text": "Fever"},
                            {"text": "Skin rash"},
                        ],
                    },
                ],
            },
        ],
        "references": [
            {
                "title": "Joint pain",
                "publisher": "MedlinePlus Medical Encyclopedia, U.S. National Library of Medicine",
                "url": "https://medlineplus.gov/ency/article/003261.htm",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
            {
                "title": "Joint Disorders",
                "publisher": "MedlinePlus, U.S. National Library of Medicine",
                "url": "https://medlineplus.gov/jointdisorders.html",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
        ],
    },
    # =====================================================================================
    # Muscle cramps
    # =====================================================================================
    {
        "slug": "muscle-cramps",
        "title": "Muscle cramps",
        "question": "What causes muscle cramps?",
        "lead": (
            "A muscle cramp is a sudden, painful tightening of a muscle that you cannot relax at will, "
            "most often in the calf, thigh or foot. Most cramps are harmless and linked to exercise, "
            "fluid loss or simply happen at night, but frequent cramps can be a sign of a nerve, "
            "hormone or mineral problem."
        ),
        "categories": ["bones-joints-muscles"],
        "overview": None,
        "related": ["muscle-weakness", "muscle-atrophy", "numbness-and-tingling", "back-pain"],
        "copyright_holder": "SymptomSite contributors",
        "sections": [
            {
                "heading": "Common causes of muscle cramps",
                "body": "",
                "groups": [
                    {
                        "heading": "Everyday causes",
                        "lead_in": "Occasional cramps are common and are usually related to:",
                        "urgency": "normal",
                        "entries": [
                            {"condition": "muscle-strain", "note": ""},
                            {"condition": "dehydration", "note": ""},
                            {
                                "condition": "medication-side-effects",
                                "note": "for example some diuretics (water pills) and statins",
                            },
                            {
                                "text": "Night-time leg cramps with no clear cause, which become more common with age and in pregnancy"
                            },
                        ],
                    },
                    {
                        "heading": "Medical conditions",
                        "lead_in": (
                            "Talk to a doctor if cramps are frequent, severe, disturb your sleep or come with "
                            "weakness or muscle wasting, as they can be linked to:"
                        ),
                        "urgency": "soon",
                        "entries": [
                            {"condition": "hypokalemia", "note": ""},
                            {"condition": "hypothyroidism", "note": ""},
                            {"condition": "diabetic-neuropathy", "note": ""},
                            {"condition": "spinal-stenosis", "note": "leg cramping or pain that comes on with walking"},
                            {"condition": "alcoholic-myopathy", "note": ""},
                            {
                                "condition": "amyotrophic-lateral-sclerosis",
                                "note": "cramps and twitching along with weakness",
                            },
                            {
                                "text": "Calf pain that does not ease, with swelling, warmth or redness, which may be a blood clot rather than a cramp and needs same-day medical care"
                            },
                        ],
                    },
                ],
            },
            {
                "heading": "Questions for diagnosing the cause of muscle cramps",
                "body": "Your doctor may ask:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Which muscles cramp, and how often?"},
                            {"text": "Do the cramps happen during exercise, at rest or at night?"},
                            {"text": "Have you had vomiting, diarrhea or heavy sweating recently?"},
                            {"text": "Which medicines do you take?"},
                            {"text": "Have you noticed weakness, twitching or loss of muscle bulk?"},
                        ],
                    },
                ],
            },
            {
                "heading": "Potential complications of muscle cramps",
                "body": "Cramps themselves rarely cause lasting harm, but frequent cramps can lead to:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Poor sleep and daytime tiredness"},
                            {"text": "Muscle soreness for a day or more after a severe cramp"},
                            {"text": "Avoiding exercise, which reduces fitness"},
                        ],
                    },
                ],
            },
            {
                "heading": "What other symptoms might occur with muscle cramps?",
                "body": "",
                "groups": [
                    {
                        "heading": "Neuromuscular symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "muscle-weakness", "note": ""},
                            {"article": "muscle-atrophy", "note": ""},
                            {"article": "numbness-and-tingling", "note": ""},
                            {"text": "Muscle twitching"},
                            {"text": "Muscle soreness or stiffness"},
                        ],
                    },
                ],
            },
        ],
        "references": [
            {
                "title": "Muscle cramps",
                "publisher": "MedlinePlus Medical Encyclopedia, U.S. National Library of Medicine",
                "url": "https://medlineplus.gov/ency/article/003193.htm",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
            {
                "title": "Leg cramps",
                "publisher": "NHS",
                "url": "https://www.nhs.uk/conditions/leg-cramps/",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
        ],
    },
    # =====================================================================================
    # Back pain
    # =====================================================================================
    {
        "slug": "back-pain",
        "title": "Back pain",
        "question": "What causes back pain?",
        "lead": (
            "Back pain is one of the most common reasons people see a doctor, and most episodes come "
            "from strained muscles or ligaments and improve within a few weeks. Less often it is caused "
            "by pressure on nerves, an infection or a problem with a major blood vessel, some of which "
            "need emergency care."
        ),
        "categories": ["bones-joints-muscles"],
        "overview": None,
        "related": ["numbness-and-tingling", "muscle-weakness", "joint-pain", "muscle-cramps"],
        "copyright_holder": "SymptomSite contributors",
        "sections": [
            {
                "heading": "Common causes of back pain",
                "body": "",
                "groups": [
                    {
                        "heading": "Muscle, disc and joint causes",
                        "lead_in": "Most back pain is mechanical, coming from the muscles, joints or discs of the spine, for example:",
                        "urgency": "normal",
                        "entries": [
                            {"condition": "muscle-strain", "note": ""},
                            {"condition": "herniated-disc", "note": ""},
                            {"condition": "osteoarthritis", "note": "of the small joints of the spine"},
                            {"condition": "spinal-stenosis", "note": ""},
                            {"condition": "fibromyalgia", "note": ""},
                        ],
                    },
                    {
                        "heading": "Causes that need prompt medical attention",
                        "lead_in": (
                            "See a doctor soon for back pain with fever or burning when urinating, pain that "
                            "is worse at night, pain after age 50 with no clear cause, or numbness or "
                            "weakness in a leg. Causes can include:"
                        ),
                        "urgency": "soon",
                        "entries": [
                            {"condition": "kidney-infection", "note": ""},
                            {"condition": "herniated-disc", "note": "when it causes leg weakness or numbness"},
                        ],
                    },
                    {
                        "heading": "Serious or life-threatening causes",
                        "lead_in": (
                            "Call 911 (or your local emergency number) or go to the emergency department "
                            "for back pain with numbness around the genitals or buttocks, new trouble "
                            "controlling your bladder or bowels, weakness in both legs, after a serious "
                            "fall or accident, or sudden severe pain in the back or belly with feeling faint. "
                            "Possible causes include:"
                        ),
                        "urgency": "emergency",
                        "entries": [
                            {"condition": "cauda-equina-syndrome", "note": ""},
                            {"condition": "spinal-cord-injury", "note": ""},
                            {"condition": "abdominal-aortic-aneurysm", "note": ""},
                            {"condition": "heart-attack", "note": "which can cause pain between the shoulder blades"},
                        ],
                    },
                ],
            },
            {
                "heading": "Questions for diagnosing the cause of back pain",
                "body": "Your doctor may ask:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Where is the pain, and does it spread into the buttock or down a leg?"},
                            {"text": "Did it start after lifting, twisting, a fall or another injury?"},
                            {"text": "Is it worse when you move, or also at rest and at night?"},
                            {"text": "Do you have numbness, weakness, or any change in bladder or bowel control?"},
                            {"text": "Have you had fever, weight loss, or a history of cancer?"},
                        ],
                    },
                ],
            },
            {
                "heading": "Potential complications of back pain",
                "body": "Most back pain settles, but long-lasting or untreated back pain can lead to:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Chronic pain lasting more than three months"},
                            {"text": "Time off work and reduced activity"},
                            {"text": "Loss of fitness and muscle strength"},
                            {"text": "Permanent nerve damage when a compressed nerve is not treated in time"},
                        ],
                    },
                ],
            },
            {
                "heading": "What other symptoms might occur with back pain?",
                "body": "",
                "groups": [
                    {
                        "heading": "Neuromuscular symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "numbness-and-tingling", "note": ""},
                            {"article": "muscle-weakness", "note": ""},
                            {"article": "muscle-cramps", "note": "or spasms in the back muscles"},
                            {"text": "Pain that shoots down the leg (sciatica)"},
                        ],
                    },
                    {
                        "heading": "Other symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "joint-pain", "note": ""},
                            {"text": "Stiffness, especially in the morning"},
                        ],
                    },
                ],
            },
        ],
        "references": [
            {
                "title": "Back Pain",
                "publisher": "MedlinePlus, U.S. National Library of Medicine",
                "url": "https://medlineplus.gov/backpain.html",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
            {
                "title": "Back pain",
                "publisher": "NHS",
                "url": "https://www.nhs.uk/conditions/back-pain/",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
            {
                "title": "Cauda equina syndrome",
                "publisher": "NHS",
                "url": "https://www.nhs.uk/conditions/cauda-equina-syndrome/",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
        ],
    },
    # =====================================================================================
    # Dizziness
    # =====================================================================================
    {
        "slug": "dizziness",
        "title": "Dizziness",
        "question": "What causes dizziness?",
        "lead": (
            "Dizziness covers several different feelings: light-headedness as if you might faint, a "
            "spinning sensation called vertigo, or feeling unsteady on your feet. It is usually caused "
            "by an inner-ear problem or a brief drop in blood pressure, but sudden dizziness with other "
            "warning signs can mean a stroke or heart problem."
        ),
        "categories": ["brain-nerves", "heart-lungs"],
        "overview": None,
        "related": ["fatigue", "numbness-and-tingling", "muscle-weakness"],
        "copyright_holder": "SymptomSite contributors",
        "sections": [
            {
                "heading": "Common causes of dizziness",
                "body": "",
                "groups": [
                    {
                        "heading": "Inner-ear causes",
                        "lead_in": "A spinning feeling (vertigo) most often comes from the balance organs of the inner ear, for example:",
                        "urgency": "normal",
                        "entries": [
                            {"condition": "bppv", "note": ""},
                            {"condition": "vestibular-neuritis", "note": ""},
                        ],
                    },
                    {
                        "heading": "Other common causes",
                        "lead_in": "Light-headedness is often related to:",
                        "urgency": "normal",
                        "entries": [
                            {"condition": "orthostatic-hypotension", "note": ""},
                            {"condition": "dehydration", "note": ""},
                            {"condition": "anemia", "note": ""},
                            {"condition": "hypoglycemia", "note": ""},
                            {
                                "condition": "medication-side-effects",
                                "note": "for example some blood pressure medicines and sedatives",
                            },
                            {"condition": "multiple-sclerosis", "note": ""},
                        ],
                    },
                    {
                        "heading": "Serious or life-threatening causes",
                        "lead_in": (
                            "Call 911 (or your local emergency number) if dizziness starts suddenly with a "
                            "severe headache, double vision, slurred speech, face drooping, weakness or "
                            "numbness, chest pain, a racing or very slow heartbeat, or fainting. Possible "
                            "causes include:"
                        ),
                        "urgency": "emergency",
                        "entries": [
                            {"condition": "stroke", "note": ""},
                            {"condition": "transient-ischemic-attack", "note": ""},
                            {"condition": "heart-arrhythmia", "note": ""},
                            {"condition": "heart-attack", "note": ""},
                        ],
                    },
                ],
            },
            {
                "heading": "Questions for diagnosing the cause of dizziness",
                "body": "Describing exactly what you feel helps your doctor narrow down the cause. You may be asked:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Does the room seem to spin, or do you feel faint or unsteady?"},
                            {"text": "Is it triggered by standing up, turning your head or rolling over in bed?"},
                            {"text": "How long does each episode last?"},
                            {"text": "Do you have hearing loss, ringing in the ears, headache or palpitations?"},
                            {"text": "Have you started or changed any medicines?"},
                        ],
                    },
                ],
            },
            {
                "heading": "Potential complications of dizziness",
                "body": "Dizziness can be dangerous because of where and when it strikes. It can lead to:",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"text": "Falls and injuries, especially in older adults"},
                            {"text": "Accidents when driving or operating machinery"},
                            {"text": "Anxiety about leaving home or being active"},
                        ],
                    },
                ],
            },
            {
                "heading": "What other symptoms might occur with dizziness?",
                "body": "",
                "groups": [
                    {
                        "heading": "Neurological symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "numbness-and-tingling", "note": ""},
                            {"article": "muscle-weakness", "note": ""},
                            {"text": "Loss of balance"},
                            {"text": "Blurred or double vision"},
                        ],
                    },
                    {
                        "heading": "Other symptoms",
                        "lead_in": "",
                        "urgency": "normal",
                        "entries": [
                            {"article": "fatigue", "note": ""},
                            {"text": "Nausea or vomiting"},
                            {"text": "Palpitations (a pounding or fluttering heartbeat)"},
                            {"text": "Ringing in the ears or hearing loss"},
                        ],
                    },
                ],
            },
        ],
        "references": [
            {
                "title": "Dizziness and Vertigo",
                "publisher": "MedlinePlus, U.S. National Library of Medicine",
                "url": "https://medlineplus.gov/dizzinessandvertigo.html",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
            {
                "title": "Dizziness",
                "publisher": "NHS",
                "url": "https://www.nhs.uk/conditions/dizziness/",
                "doi": "",
                "pmid": "",
                "accessed": "2026-11-20",
            },
        ],
    },
]
