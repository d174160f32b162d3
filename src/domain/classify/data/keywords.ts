/**
 * Purchase-ledger words and phrases for NAICS 2017 six-digit industries, hand-written for Greenline
 * (issue 20; MIT like the rest of the project). English, with German, French, Spanish and Dutch words
 * for common items. A purchase is classed by the industry that makes the good or provides the
 * service (the EEIO convention), not by the shop it was bought from: "copy paper" is a paper mill's
 * product even when a stationer sells it. Retail and wholesale codes appear only for words that name
 * the shop itself (supermarket, pharmacy, fuel station).
 *
 * Each entry: a code and comma-separated terms. A term is one to three words, matched after the
 * classifier's normalization (lower case, accents folded, English plurals and -ing stripped, stop
 * words dropped). `term^w` sets the term's weight (default 1): generic words get less.
 * Written before and independently of the labelled evaluation set (docs/classification.md).
 */
export const KEYWORDS: ReadonlyArray<readonly [code: string, terms: string]> = [
  // Agriculture and raw food
  ['111219', 'vegetables, fresh vegetables, potatoes^0.6, lettuce, tomatoes, gemuse, legumes, verduras, groenten'],
  ['111339', 'fresh fruit, fruit basket, obst, fruits frais, fruta, fruit'],
  ['111421', 'plants, office plants, trees, saplings, pflanzen, plantes, plantas, planten, nursery stock'],
  ['111422', 'flowers, bouquet, blumen, fleurs, flores, bloemen, floral arrangement'],
  ['111998', 'hemp, hops, crop^0.5'],
  ['112120', 'raw milk'],
  ['113310', 'logging, timber harvesting, holzeinschlag'],
  ['115112', 'crop spraying, soil preparation, planting services'],
  ['115210', 'livestock services, animal husbandry services'],

  // Mining, oil and gas
  ['211120', 'crude oil, crude petroleum, rohol, petrole brut'],
  ['211130', 'natural gas extraction, lng cargo'],
  ['212111', 'coal, steam coal, lignite, kohle, braunkohle, charbon, carbon mineral, steenkool'],
  ['212210', 'iron ore, pellets iron ore, eisenerz, minerai fer'],
  ['212230', 'copper concentrate, zinc concentrate, nickel ore'],
  ['212312', 'limestone, kalkstein, calcaire'],
  ['212319', 'crushed stone, aggregate, aggregates, ballast, schotter, splitt, granulats'],
  ['212321', 'sand, gravel, kies, sable, grava, grind, zand, construction sand'],
  ['212322', 'silica sand, quartz sand, quarzsand, frac sand'],
  ['212325', 'clay, ton, kaolin, bentonite, fireclay'],
  ['213111', 'drilling rig, well drilling, bohrung'],
  ['213112', 'oilfield services, well services, wireline'],

  // Utilities (electric power generation is not in the EPA factor set)
  ['221210', 'natural gas, gas supply, erdgas, gaz naturel, gas natural, aardgas, gas bill, gas utility, heating gas, gasversorgung'],
  [
    '221310',
    'water supply, water bill, drinking water, wasser, trinkwasser, eau potable, agua potable, drinkwater, water utility, wasserversorgung, water rates',
  ],
  ['221320', 'sewage, wastewater, effluent treatment, abwasser, eaux usees, aguas residuales, afvalwater, sewer charges'],
  ['221330', 'district heating, fernwarme, chauffage urbain, stadsverwarming, steam supply, chilled water, district cooling, warmte'],

  // Construction
  [
    '236220',
    'office building construction, general contractor, construction works, bauleistungen, rohbau, hochbau, gros oeuvre, obra civil edificio, building extension, fit out, fitout, office refurbishment^0.8, renovation, renovierung, umbau, verbouwing, warehouse construction, warehouse building, new building, building construction',
  ],
  ['236210', 'factory construction, plant construction, industrial building'],
  ['237310', 'road construction, paving works, asphalting, strassenbau, wegenbouw, parking lot paving, resurfacing'],
  ['237110', 'water main, sewer line construction, pipe laying'],
  ['237130', 'cable laying, power line construction, fibre trenching'],
  ['237990', 'civil engineering works, tiefbau, genie civil, earthworks^0.6'],
  ['238110', 'concrete foundation, foundation works, betonarbeiten, fundament'],
  ['238120', 'steel erection, structural steel installation'],
  ['238140', 'masonry, bricklaying, maurerarbeiten, metselwerk'],
  ['238150', 'glazing, window installation, glazier, verglasung'],
  ['238160', 'roofing, roof repair, dachdecker, dacharbeiten, toiture, dakwerk, roofer, gutter repair'],
  [
    '238210',
    'electrical installation, electrician, elektroinstallation, elektriker, electricien, electricista, elektricien, wiring works, electrical works, ev charger installation, lighting installation',
  ],
  [
    '238220',
    'plumbing, plumber, hvac installation, hvac maintenance, hvac service, boiler service, heating repair, air conditioning service, sanitar, klempner, heizungsbau, plombier, fontanero, loodgieter, installateur^0.6, heat pump installation, hvac, ventilation works, climatisation maintenance, heizung, heizungswartung, heizungsanlage, chauffage entretien',
  ],
  ['238290', 'lift maintenance, elevator maintenance, aufzugswartung, elevator service, escalator maintenance, sprinkler installation'],
  ['238310', 'drywall, insulation works, trockenbau, dammung, isolation travaux, plasterboard installation'],
  [
    '238320',
    'painting works, painter, decorator, malerarbeiten, maler, peinture travaux, schilderwerk, schilder, wall painting, repainting, decorating, painting decorating',
  ],
  ['238330', 'flooring, floor laying, carpet fitting, bodenleger, vinyl flooring installation, parquet laying'],
  ['238340', 'tiling, tiler, fliesen, fliesenleger, carrelage, tegelwerk'],
  ['238350', 'carpentry, joinery, carpenter, schreiner, tischler, menuiserie, timmerwerk'],
  ['238910', 'demolition, excavation, site clearance, abbruch, abriss, demolition works, site preparation, sloop'],
  ['238990', 'scaffolding, geruest, gerust, echafaudage, steiger, fencing installation'],

  // Food, beverages, tobacco
  ['311111', 'dog food, cat food, pet food, hundefutter, katzenfutter'],
  ['311119', 'animal feed, livestock feed, futtermittel, aliment betail, pienso, veevoer'],
  ['311211', 'flour, mehl, farine, harina, meel'],
  ['311230', 'breakfast cereal, cereals, muesli, cornflakes'],
  ['311340', 'sweets, candy, bonbons, gummy'],
  ['311352', 'chocolate, schokolade, chocolat, chocolates, pralines'],
  ['311421', 'canned food, tinned food, konserven, conserves'],
  ['311511', 'milk, milch, lait, leche, melk, oat milk'],
  ['311513', 'cheese, kase, fromage, queso, kaas'],
  ['311520', 'ice cream, eis^0.5, glace, helado, ijs'],
  ['311612', 'meat, sausages, wurst, fleisch, viande, carne, vlees, ham'],
  ['311615', 'chicken, poultry, geflugel, volaille, pollo, kip'],
  ['311710', 'fish, seafood, fisch, poisson, pescado, vis'],
  ['311812', 'bread, bakery, pastries, sandwiches, brot, brotchen, pain, viennoiseries, pan, brood, croissants, backwaren, bakery goods, cakes'],
  ['311821', 'biscuits, cookies, kekse, gateaux secs, galletas, koekjes, crackers'],
  ['311919', 'snacks, chips, crisps'],
  ['311920', 'coffee, coffee beans, kaffee, cafe, koffie, tea, tee, thee, espresso, coffee capsules, coffee pods, nespresso'],
  ['311942', 'spices, gewurze, epices, especias, kruiden, seasoning'],
  ['311991', 'prepared meals, ready meals, salads, fertiggerichte'],
  ['312111', 'soft drinks, soda, lemonade, limonade, erfrischungsgetranke, cola, refrescos, frisdrank, coca cola, juice^0.6'],
  ['312112', 'bottled water, mineral water, mineralwasser, eau minerale, agua mineral, spa water, water bottles, water cooler, water dispenser bottles'],
  ['312120', 'beer, bier, biere, cerveza'],
  ['312130', 'wine, wein, vin, vino, wijn, champagne, sekt, prosecco'],
  ['312140', 'spirits, whisky, vodka, gin, liquor'],
  ['312230', 'tobacco, cigarettes, tabak, zigaretten'],

  // Textiles, apparel, leather
  ['313210', 'fabric, woven fabric, stoff, tissu, tela, textiles^0.7, canvas fabric'],
  ['313110', 'yarn, thread, garn, fil, hilo'],
  ['313230', 'nonwoven, non woven, vlies, geotextile, geotextil'],
  ['314110', 'carpet, carpets, rugs, teppich, tapis, alfombra, tapijt, carpet tiles'],
  ['314120', 'curtains, linens, bed linen, towels, vorhange, gardinen, rideaux, cortinas, gordijnen, table linen'],
  ['314910', 'tarpaulin, tarp, canvas bags, tote bags, jute bags, big bags, fibc'],
  ['314994', 'rope, ropes, cordage, twine, seil, corde, cuerda, touw'],
  [
    '315280',
    'workwear, work clothes, uniforms, arbeitskleidung, berufskleidung, vetements travail, ropa trabajo, werkkleding, overalls, coveralls, hi-vis vest, high visibility jackets, t-shirts, polo shirts, jackets^0.6, branded apparel, clothing',
  ],
  ['315990', 'gloves^0.4, caps, hats, ties, scarves'],
  ['316210', 'safety shoes, safety boots, footwear, shoes, sicherheitsschuhe, chaussures securite, calzado seguridad, werkschoenen, boots^0.6'],
  ['316998', 'leather goods, wallets, leather belts'],

  // Wood and paper
  ['321113', 'lumber, timber, sawn timber, schnittholz, bois scie, madera aserrada, hout, kantholz, planks, beams wood'],
  ['321211', 'plywood, sperrholz, contreplaque, contrachapado, multiplex'],
  ['321219', 'osb, mdf, chipboard, particle board, spanplatte, fibreboard'],
  ['321911', 'wooden doors, wood windows, timber doors, holzfenster, holztur'],
  ['321920', 'pallets, wooden pallets, euro pallets, europaletten, paletten, palettes, palets, pallet, crates, wooden crates, kisten'],
  ['321999', 'wood products, dowels, wood pellets, holzpellets'],
  ['322121', 'copy paper, printer paper, paper reams, a4 paper, a3 paper, kopierpapier, druckerpapier, papier, papel, ream^0.7, office paper, paper^0.8'],
  ['322130', 'paperboard, cardboard sheets, karton, carton, containerboard'],
  [
    '322211',
    'corrugated boxes, cartons, shipping boxes, boxes^0.7, cardboard boxes, corrugated, wellpappe, kartonagen, faltkartons, versandkartons, caisses carton, cajas carton, dozen^0.6, verpakkingsdozen, packaging boxes, box',
  ],
  ['322212', 'folding cartons, folding boxes, faltschachteln, gift boxes'],
  ['322220', 'paper bags, labels paper, coated paper, kraft paper, packing paper, papiertuten'],
  [
    '322230',
    'envelopes, notebooks, notepads, writing pads, briefumschlage, enveloppes, sobres, enveloppen, stationery, schreibwaren, fournitures papeterie, post it, sticky notes, index cards, business envelopes',
  ],
  [
    '322291',
    'toilet paper, paper towels, tissues, napkins, hand towels paper, toilettenpapier, papierhandtucher, papier toilette, papel higienico, wc papier, servietten, kitchen roll, hygiene paper, tissue paper, facial tissues',
  ],
  ['322299', 'paper cups, paper plates, filter paper, paper products'],
  [
    '323111',
    'printing, print job, brochures, flyers, leaflets, business cards, visitenkarten, druckkosten, drucksachen, impression, imprenta, drukwerk, posters, catalogue printing, annual report printing, letterhead, banners printing, offset printing, digital printing, prospekte',
  ],
  ['323113', 'screen printing, siebdruck, printed t-shirts'],
  ['323117', 'book printing'],

  // Petroleum and chemicals
  [
    '324110',
    'diesel, gasoline, petrol, fuel, benzin, kraftstoff, carburant, gazole, gasoil, gasolina, gasoleo, brandstof, jet fuel, kerosene, heating oil, heizol, fioul, fuel oil, lpg, propane, butane, autogas, adblue^0.5, fuel card, tankkarte, gas oil, avgas, marine fuel, bunker fuel, hvo',
  ],
  ['324121', 'asphalt, bitumen, asphalt mix, tarmac, asphaltmischgut'],
  [
    '324191',
    'lubricants, lubricating oil, motor oil, engine oil, grease, hydraulic oil, gear oil, schmierstoffe, schmierol, motorol, lubrifiants, lubricantes, smeermiddelen, cutting fluid, coolant oil',
  ],
  ['325110', 'ethylene, propylene, benzene, butadiene, aromatics'],
  [
    '325120',
    'industrial gases, oxygen, nitrogen, argon, co2 cylinders, acetylene, helium, hydrogen, gas cylinders, gasflaschen, sauerstoff, stickstoff, bouteilles gaz, gases industriales, welding gas, dry ice, compressed gas, cylinder rental, linde, air liquide',
  ],
  ['325130', 'pigments, dyes, titanium dioxide, farbstoffe, colorants'],
  [
    '325180',
    'caustic soda, sodium hydroxide, sulphuric acid, sulfuric acid, hydrochloric acid, chlorine, salt^0.5, road salt, de icing salt, streusalz, sel deneigement, inorganic chemicals',
  ],
  ['325193', 'ethanol, ethyl alcohol, isopropanol, isopropyl alcohol'],
  ['325199', 'solvents, methanol, acetone, glycol, organic chemicals, losungsmittel, solvants, disolventes, oplosmiddelen'],
  [
    '325211',
    'plastic resin, resins, polymer granules, granulate, polyethylene, polypropylene, pe granulate, pp granulate, hdpe, ldpe, pvc resin, abs granules, polycarbonate resin, pet resin, kunststoffgranulat, granules plastiques, granza, masterbatch, polymer, polymers, epoxy resin',
  ],
  ['325212', 'synthetic rubber, epdm, sbr, nitrile rubber'],
  ['325220', 'polyester fibre, nylon fibre, carbon fibre, synthetic fibres'],
  ['325311', 'nitrogen fertilizer, urea, ammonia, ammonium nitrate, fertilizer, fertiliser, dunger, dungemittel, engrais, fertilizante, kunstmest, mest'],
  ['325320', 'pesticides, herbicides, insecticides, fungicides, pflanzenschutz, plant protection, weed killer, glyphosate'],
  [
    '325412',
    'pharmaceuticals, medicines, drugs^0.6, medication, medikamente, arzneimittel, medicaments, medicamentos, geneesmiddelen, vaccines^0.5, first aid kit refill, pharmacy supplies, tablets medicine',
  ],
  ['325413', 'diagnostic tests, test kits, rapid tests, covid tests, reagents, laboratory reagents'],
  ['325414', 'vaccines, vaccination, biologics, flu shots, impfstoff'],
  [
    '325510',
    'paint, paints, coating, coatings, lacquer, varnish, primer, farbe, farben, lack, lacke, wandfarbe, peinture, pintura, verf, powder coating, anti corrosion coating, wood stain',
  ],
  ['325520', 'adhesive, adhesives, glue, sealant, silicone sealant, kleber, klebstoff, colle, pegamento, lijm, epoxy adhesive, tape adhesive'],
  [
    '325611',
    'soap, detergent, washing powder, laundry detergent, dish soap, hand soap, seife, reinigungsmittel, spulmittel, waschmittel, savon, lessive, detergente, jabon, zeep, wasmiddel, cleaning agents, cleaning chemicals, cleaning products, dishwasher tablets',
  ],
  [
    '325612',
    'disinfectant, sanitizer, hand sanitizer, polish, bleach, desinfektionsmittel, desinfectant, desinfectante, desinfectie, surface cleaner, floor cleaner, air freshener, descaler, degreaser',
  ],
  ['325620', 'cosmetics, shampoo, toiletries, hand cream, deodorant, perfume, sunscreen, kosmetik, cosmetiques'],
  ['325910', 'printing ink, ink, inks, druckfarbe, tinte, encre, tinta, inkt'],
  ['325920', 'explosives, blasting agents, detonators'],
  ['325991', 'compounded resins, compounding'],
  [
    '325998',
    'chemicals^0.6, chemikalien, produits chimiques, productos quimicos, chemicalien, water treatment chemicals, antifreeze, de icer, additives, toner powder, activated carbon',
  ],

  // Plastics, rubber, glass, minerals
  [
    '326111',
    'plastic bags, bin liners, garbage bags, refuse sacks, mullbeutel, mullsacke, sacs poubelle, bolsas basura, vuilniszakken, poly bags, plastiktuten',
  ],
  [
    '326112',
    'stretch film, stretch wrap, shrink film, packaging film, cling film, stretchfolie, schrumpffolie, film etirable, film estirable, rekfolie, bubble wrap, luftpolsterfolie, papier bulle',
  ],
  ['326113', 'plastic sheet, plastic film, pe film, foil plastic, folie^0.7'],
  ['326121', 'plastic profiles, pvc profiles, extruded profiles plastic'],
  ['326122', 'plastic pipe, pvc pipe, pe pipe, hdpe pipe, kunststoffrohr, tubo pvc, pipe fittings plastic, kg rohr, ht rohr'],
  ['326140', 'polystyrene, eps, styrofoam, styropor, foam packaging'],
  ['326150', 'foam, pu foam, polyurethane foam, foam inserts, schaumstoff, mousse'],
  ['326160', 'plastic bottles, pet bottles, preforms'],
  [
    '326199',
    'plastic parts, plastic components, injection moulded parts, injection molded parts, spritzgussteile, moulded parts, plastic containers, plastic crates, plastic boxes, storage bins, kunststoffteile, pieces plastiques, piezas plastico, plastic, plastics, kunststoff, crates plastic, pallet boxes plastic, plastic trays',
  ],
  ['326211', 'tyres, tires, reifen, pneus, neumaticos, banden, winter tyres, truck tyres, tyre replacement'],
  ['326220', 'hoses, rubber hose, belts conveyor, conveyor belt, v-belts, schlauche, flexibles'],
  ['326291', 'rubber parts, rubber seals, o-rings, rubber gaskets, gummiteile, rubber moulded'],
  ['326299', 'rubber, gummi, caoutchouc, rubber mats, rubber products'],
  ['327110', 'ceramics, porcelain, toilets, washbasins, sanitary ware, keramik, ceramique, ceramica, mugs ceramic, crockery, cups saucers'],
  ['327120', 'bricks, clay bricks, roof tiles, refractory, refractories, ziegel, backstein, feuerfest, briques, ladrillos, bakstenen, firebricks'],
  ['327211', 'flat glass, float glass, glass panes, sheet glass, flachglas, glasscheiben, vitrage, vidrio plano'],
  ['327212', 'glassware, drinking glasses, laboratory glassware, glaser'],
  ['327213', 'glass bottles, glass jars, glass containers, glasflaschen, bocaux verre'],
  ['327215', 'safety glass, laminated glass, tempered glass, glass doors, mirrors, glass partitions, insulating glass units'],
  ['327310', 'cement, zement, ciment, cemento, cement bags, portland cement, clinker'],
  ['327320', 'ready mix concrete, ready mixed concrete, concrete delivery, transportbeton, beton pret, hormigon, stortbeton, concrete^0.8, beton^0.8'],
  ['327331', 'concrete blocks, paving stones, pavers, betonsteine, pflastersteine, parpaings, bloques hormigon, kerbstones'],
  ['327390', 'precast concrete, concrete elements, betonfertigteile, precast elements, concrete pipes, concrete slabs'],
  ['327410', 'lime, quicklime, hydrated lime, branntkalk, chaux, cal viva'],
  ['327420', 'gypsum, plasterboard, drywall boards, gipskarton, rigips, plaque platre, placa yeso, gipsplaten, plaster'],
  [
    '327910',
    'abrasives, grinding wheels, sandpaper, cutting discs, schleifmittel, schleifscheiben, trennscheiben, abrasifs, abrasivos, flap discs, sanding belts',
  ],
  ['327991', 'natural stone, granite slabs, marble, worktops stone, naturstein'],
  [
    '327993',
    'mineral wool, rock wool, glass wool, insulation, mineralwolle, steinwolle, laine roche, lana mineral, steenwol, insulation boards, dammstoff, isolant, aislamiento',
  ],

  // Primary metals
  [
    '331110',
    'steel, steel coil, hot rolled coil, cold rolled coil, steel plate, steel plates, steel sheet, steel sheets, stainless steel, rebar, reinforcing steel, steel bars, steel billets, stahl, stahlblech, edelstahl, betonstahl, bewehrungsstahl, acier, acier inox, acero, acero inoxidable, staal, roestvrij staal, hrc, crc, galvanised coil, galvanized coil, ferroalloys, ferrosilicon, pig iron, slabs steel, wire rod, steel strip, bandstahl, s235, s355, dc01, 1.4301, 304 stainless, 316 stainless, feuillard acier, flat steel',
  ],
  [
    '331210',
    'steel tubes, steel pipes, stahlrohre, rohre stahl, tubes acier, tubos acero, stalen buizen, hollow sections, rectangular tubes, precision tubes, seamless tubes',
  ],
  [
    '331221',
    'steel profiles, steel sections, beams steel, i-beams, h-beams, ipe, heb, angle steel, cold formed sections, stahlprofile, trager, profiles acier',
  ],
  ['331222', 'steel wire, wire rope, drawn wire, stahldraht, fil acier, welding wire'],
  ['331313', 'aluminium ingot, aluminum ingot, primary aluminium, aluminium billets, alumina, aluminium, aluminum, alu^0.8'],
  [
    '331315',
    'aluminium sheet, aluminum sheet, aluminium plate, aluminium coil, aluminium foil, aluminum foil, alufolie, alublech, tole aluminium, chapa aluminio',
  ],
  ['331318', 'aluminium profiles, aluminum extrusions, aluminium extrusions, alu profile, aluprofile, profiles aluminium, perfiles aluminio'],
  ['331410', 'zinc, lead ingot, nickel, tin ingot, cobalt, precious metals refining, silver bullion, gold bullion'],
  [
    '331420',
    'copper, copper wire, copper tube, copper sheet, copper cathode, copper busbar, kupfer, kupferdraht, kupferrohr, cuivre, cobre, koper, brass, messing, laiton, bronze, latón',
  ],
  ['331491', 'titanium, nickel alloy, titanium sheet, inconel'],
  ['331492', 'recycled aluminium, secondary aluminium, scrap remelting'],
  ['331511', 'iron castings, cast iron, grey iron castings, gusseisen, graugussteile, fonte'],
  ['331513', 'steel castings, stahlguss'],
  ['331523', 'die castings, die cast parts, druckguss, zinc die cast'],
  ['331524', 'aluminium castings, aluminum castings, alu guss, aluguss'],

  // Fabricated metal
  ['332111', 'forgings, forged parts, schmiedeteile, pieces forgees, forja, forged'],
  ['332119', 'metal stampings, stamped parts, stanzteile, pressed parts, metal crowns, bottle caps'],
  ['332215', 'cutlery, cookware, kitchen utensils, besteck, couverts, knives kitchen, pots pans'],
  [
    '332216',
    'hand tools, handtools, tools^0.7, spanners, wrenches, screwdrivers, pliers, hammers, saw blades, werkzeug, handwerkzeug, outils, herramientas, gereedschap, tool set, toolbox',
  ],
  ['332311', 'prefabricated building, portacabin, container office, site cabins, modular building, steel hall, stahlhalle, bureau container'],
  [
    '332312',
    'steel structure, steel fabrication, structural steelwork, stahlbau, steel frame, charpente metallique, estructura metalica, staalconstructie, platforms steel, mezzanine, steel staircase',
  ],
  ['332313', 'plate work, steel tanks fabrication, hoppers'],
  [
    '332321',
    'metal doors, steel doors, aluminium windows, metal windows, roller shutters, rolltore, sectional doors, fire doors, industrial doors, portes metalliques',
  ],
  [
    '332322',
    'sheet metal, sheet metal parts, sheet metal work, blechteile, blechbearbeitung, laser cut parts, laser cutting, tolerie, chapisteria, plaatwerk, ducts sheet metal, enclosures metal',
  ],
  ['332323', 'railings, handrails, balustrades, gelander, metal gates, grating, gratings, gitterroste, caillebotis'],
  ['332410', 'boilers, heat exchanger, heat exchangers, warmetauscher, echangeur, steam boiler, kessel'],
  ['332420', 'metal tanks, storage tanks, pressure vessels, tanks^0.6, druckbehalter, cuves'],
  ['332431', 'metal cans, tin cans, aluminium cans, beverage cans, dosen, canettes, latas'],
  ['332439', 'metal drums, steel drums, barrels, ibc containers, ibc, kegs, gas bottles empty, fasser'],
  [
    '332510',
    'hardware^0.5, hinges, locks, door handles, furniture fittings, beschlage, schlosser, serrures, cerraduras, sloten, padlocks, cylinder locks, keys blanks, door closers',
  ],
  ['332613', 'springs, compression springs, federn, ressorts, muelles, veren, gas springs'],
  ['332618', 'wire mesh, wire products, fencing wire, chain link, drahtgitter, barbed wire, wire baskets, cable trays wire'],
  [
    '332710',
    'machining, cnc machining, machined parts, turned parts, milled parts, machine shop, zerspanung, drehteile, frasteile, cnc teile, usinage, mecanizado, verspaning, lohnfertigung',
  ],
  [
    '332722',
    'fasteners, bolts, nuts, screws, washers, rivets, anchors, schrauben, muttern, unterlegscheiben, nieten, dubel, vis, boulons, ecrous, tornillos, tuercas, bouten, moeren, schroeven, threaded rod, din 933, m8, m10, m12, wood screws, self tapping screws',
  ],
  ['332811', 'heat treatment, hardening, harten, traitement thermique, tratamiento termico, annealing'],
  [
    '332812',
    'coating services, powder coating service, pulverbeschichtung, galvanizing, hot dip galvanizing, feuerverzinkung, verzinken, thermolaquage, galvanisation',
  ],
  ['332813', 'electroplating, anodizing, anodising, eloxieren, chrome plating, zinc plating, polishing metal'],
  [
    '332911',
    'valves, industrial valves, ball valves, gate valves, butterfly valves, control valves, ventile, armaturen, kugelhahne, vannes, valvulas, kleppen, check valves, safety valves',
  ],
  ['332912', 'hydraulic fittings, pneumatic fittings, hose fittings, pneumatic valves, solenoid valves, hydraulic valves'],
  ['332913', 'taps, faucets, mixer taps, shower heads, wasserhahn, armatur sanitar, robinets, grifos, kranen'],
  ['332919', 'pipe fittings, flanges, flansche, brides, bridas, fittings^0.7'],
  [
    '332991',
    'bearings, ball bearings, roller bearings, kugellager, walzlager, lager^0.5, roulements, rodamientos, lagers, skf, fag, linear bearings, bearing housing',
  ],
  ['332992', 'ammunition small arms, cartridges ammunition'],
  ['332996', 'fabricated pipe, pipe spools, piping fabrication, rohrleitungsbau, tuyauterie'],
  [
    '332999',
    'metal parts, metal components, metallteile, safes, shelving metal, ladders, leitern, echelles, escaleras, ladders aluminium, metal boxes, toolboxes metal, fabricated metal, metalwork',
  ],

  // Machinery
  ['333111', 'tractor, tractors, farm machinery, agricultural machinery, landmaschinen, traktor, harvester, combine harvester, mower agricultural'],
  ['333112', 'lawn mowers, lawnmower, rasenmaher, tondeuse, cortacesped, grasmaaier, garden tools powered, leaf blower, hedge trimmer'],
  [
    '333120',
    'excavator, excavators, wheel loader, bulldozer, construction machinery, bagger, radlader, baumaschinen, pelleteuse, excavadora, graafmachine, mini excavator, dumper, compactor, telehandler',
  ],
  ['333131', 'mining machinery, crushers, crushing equipment'],
  ['333132', 'oilfield equipment, drilling equipment, wellhead'],
  ['333241', 'food processing machinery, bakery equipment, food machinery'],
  ['333242', 'semiconductor equipment, wafer processing equipment, lithography'],
  ['333244', 'printing press, printing machinery, druckmaschine'],
  [
    '333249',
    'industrial machinery, production machine, production line, machinery^0.7, maschine, maschinen, machines^0.7, machine^0.6, maquinaria, machines industrielles, special machine, sondermaschine, injection moulding machine, spritzgussmaschine, extruder, textile machinery, plastic machinery, machine parts^0.6, spare parts machine, ersatzteile^0.6',
  ],
  ['333314', 'lenses, optics, optical instruments, binoculars, microscopes, optiken, objektive'],
  [
    '333316',
    'copiers, photocopiers, multifunction printer, mfp, kopierer, photocopieur, fotocopiadora, kopieerapparaat, copier lease^0.8, canon^0.4, cameras^0.6, projector, beamer',
  ],
  [
    '333318',
    'vending machines, commercial washing machines, coffee machines, coffee machine, kaffeemaschine, kaffeevollautomat, machine cafe, cafetera, koffiemachine, dishwasher commercial, commercial kitchen equipment, cleaning machines, floor scrubber, pressure washer, hochdruckreiniger, water dispenser, water cooler machine, atm machines',
  ],
  [
    '333413',
    'fans, industrial fans, blowers, ventilators, ventilatoren, air purifiers, air filters, filter units, dust extraction, extraction system, absauganlage, ventilateurs, hepa filters, filtration units',
  ],
  ['333414', 'heaters, space heaters, radiators, heating equipment, heizkorper, radiateurs, radiadores, radiatoren, boiler equipment, burners'],
  [
    '333415',
    'air conditioning, air conditioner, air conditioners, ac units, split units, chillers, heat pumps, heat pump, refrigeration equipment, cold room, klimaanlage, klimagerat, warmepumpe, kaltemaschine, climatiseur, climatisation, aire acondicionado, airco, warmtepomp, refrigerators commercial, freezers commercial, ahu, air handling unit, refrigerant^0.6',
  ],
  ['333511', 'moulds, molds, injection moulds, injection molds, spritzgusswerkzeug, formenbau, moules, moldes, matrijzen, tooling^0.6'],
  ['333514', 'dies, jigs, fixtures, stamping dies, vorrichtungen, gauges^0.5, stanzwerkzeug'],
  [
    '333515',
    'cutting tools, drills bits, drill bits, milling cutters, inserts carbide, end mills, taps threading, bohrer, frasers, frascher, zerspanungswerkzeuge, outils coupe, herramientas corte, tool holders',
  ],
  [
    '333517',
    'machine tools, cnc machine, lathe, milling machine, drehmaschine, frasmaschine, werkzeugmaschine, machine outil, torno, fresadora, draaibank, press brake, laser cutting machine, grinding machine',
  ],
  ['333519', 'metalworking machinery, rolling mill equipment, wire drawing machines'],
  ['333611', 'turbines, wind turbine, steam turbine, gas turbine, turbine parts, generator set^0.6'],
  ['333612', 'gearboxes, gears, gear units, getriebe, zahnrader, reducteurs, reductores, tandwielkast, speed reducers'],
  ['333613', 'power transmission, couplings, chains drive, roller chains, sprockets, pulleys, shafts, kupplungen, ketten, poulies'],
  [
    '333618',
    'engines, diesel engines, generators diesel, generator, generators, stromaggregat, notstromaggregat, generateur, grupo electrogeno, aggregaat, gensets, genset, marine engines',
  ],
  ['333912', 'compressors, air compressor, kompressor, druckluft, compressed air, compresseur, compresor, compressor, atlas copco^0.6, kaeser'],
  ['333914', 'pumps, pump, centrifugal pumps, dosing pumps, pumpen, pompes, bombas, pompen, vacuum pumps, submersible pumps, grundfos'],
  ['333921', 'elevators, lifts, escalators, aufzug, aufzuge, ascenseur, ascensor, lift installation'],
  ['333922', 'conveyors, conveyor, conveyor system, forderband, forderanlage, convoyeur, transportador, transportband, roller conveyor'],
  ['333923', 'cranes, hoists, overhead crane, chain hoist, kran, krane, hebezeuge, pont roulant, grua, kraan, lifting equipment, slings'],
  [
    '333924',
    'forklift, forklifts, forklift truck, pallet truck, pallet jack, reach truck, stacker, gabelstapler, stapler, hubwagen, chariot elevateur, transpalette, carretilla elevadora, heftruck, palletwagen, linde forklift^0.8, jungheinrich, still forklift, toyota forklift, aerial work platform, scissor lift',
  ],
  [
    '333991',
    'power tools, drills, cordless drill, angle grinder, impact driver, elektrowerkzeuge, akkuschrauber, bohrmaschine, winkelschleifer, outils electroportatifs, herramientas electricas, elektrisch gereedschap, hilti, makita, bosch professional, dewalt, festool, milwaukee tools',
  ],
  ['333992', 'welding equipment, welding machine, welder, schweissgerat, schweissen, poste souder, soldadora, lasapparaat, welding torch, soldering'],
  ['333993', 'packaging machine, packaging machinery, verpackungsmaschine, labelling machine, strapping machine, wrapping machine'],
  ['333994', 'industrial oven, industrial furnace, furnace, kiln, industrieofen, four industriel, horno industrial'],
  ['333995', 'hydraulic cylinders, pneumatic cylinders, actuators, zylinder^0.6, verins'],
  ['333996', 'hydraulic pumps, hydraulic motors, hydraulic power unit, hydraulikpumpe'],
  ['333997', 'scales, weighing scales, balances, waagen, balances pesage, basculas, weegschalen, truck scale, weighbridge'],
  ['333999', 'filters industrial, filter cartridges, industrial equipment^0.6, packing machinery'],

  // Computers, electronics
  [
    '334111',
    'laptop, laptops, notebook computer, desktop computer, computers, computer, pc, pcs, workstation, servers, server, thinkpad, macbook, imac, elitebook, latitude, dell latitude, hp elitebook, lenovo, mac mini, chromebook, tablet, tablets, ipad, rechner, ordinateur, ordinateurs, ordenador, ordenadores, portatil, portable computer, laptop computer, server hardware, rack server, poweredge, proliant',
  ],
  [
    '334112',
    'storage array, hard drives, hard disk, ssd, nas, san storage, disk storage, external drive, usb stick, usb drives, memory cards, festplatte, disque dur',
  ],
  [
    '334118',
    'monitors, monitor, displays, screen, screens, keyboard, keyboards, mouse, mice, docking station, docking stations, printer, printers, laser printer, label printer, scanner, scanners, headset, headsets, webcam, webcams, peripherals, bildschirm, drucker, tastatur, maus, ecran, clavier, imprimante, pantalla, teclado, impresora, beeldscherm, toetsenbord, printer cartridges^0.6, toner, toner cartridges, ink cartridges, druckerpatronen, cartouches, barcode scanners, pos terminal, card reader',
  ],
  [
    '334210',
    'telephones, desk phones, ip phones, telefonanlage, pbx, telefone, telephone equipment, network switches, switch network, network equipment, firewall appliance, routers, router, cisco, netzwerk switch',
  ],
  [
    '334220',
    'mobile phones, smartphones, smartphone, iphone, samsung galaxy, handy, handys, mobiltelefon, telephone portable, movil, moviles, telefono movil, mobiele telefoon, radios two way, walkie talkies, antennas, wifi access points, access points, routers^0.7, gps trackers, radio equipment',
  ],
  ['334290', 'alarm systems equipment, intercom'],
  [
    '334310',
    'audio equipment, speakers, loudspeakers, microphones, headphones, video conferencing equipment, tv screens, televisions, tv, television, fernseher, lautsprecher, haut parleurs, projector screen, conference camera, sound system',
  ],
  ['334412', 'pcb, pcbs, printed circuit boards, circuit boards, leiterplatten, platines, bare boards'],
  [
    '334413',
    'semiconductors, chips^0.6, microcontrollers, integrated circuits, ics, transistors, diodes, leds^0.6, halbleiter, semiconducteurs, microchips, wafers, fpga, mosfet, solar cells, solar panels, pv modules, photovoltaic modules, photovoltaik, solarmodule, panneaux solaires, paneles solares, zonnepanelen',
  ],
  ['334416', 'capacitors, resistors, inductors, coils, transformers small, kondensatoren, widerstande, condensateurs, ferrites'],
  ['334417', 'connectors, electronic connectors, plugs electronic, steckverbinder, connecteurs, conectores, terminals crimp, rj45'],
  ['334418', 'pcb assembly, pcba, electronic assembly, ems services, smt assembly, baugruppen, electronic modules, control boards'],
  [
    '334419',
    'electronic components, electronics components, elektronikbauteile, composants electroniques, componentes electronicos, displays lcd, lcd modules, electronic parts, sensors^0.6, digikey, mouser, farnell, rs components',
  ],
  ['334510', 'medical devices electronic, ecg, defibrillator, aed, ultrasound machine, mri'],
  ['334511', 'navigation equipment, radar, sonar, gps equipment, avionics'],
  ['334512', 'thermostats, building controls, hvac controls, room controllers, bms controls'],
  [
    '334513',
    'process instruments, pressure sensors, pressure transmitters, flow meters, level sensors, temperature sensors, gauges, manometer, sensoren, capteurs, sensores, thermocouples, transmitters, plc sensors, measurement instruments, messgerate, instruments mesure, gas detectors, gas detector',
  ],
  ['334514', 'water meters, gas meters, counters, flow totalizers, zahler'],
  ['334515', 'multimeters, oscilloscopes, test equipment electrical, power analyzers, insulation testers, electrical testers'],
  [
    '334516',
    'laboratory instruments, lab equipment, spectrometer, chromatography, hplc, analysers, analyzers, laborgerate, equipements laboratoire, equipos laboratorio, ph meter, centrifuge, lab analyzer',
  ],
  ['334519', 'measuring devices, data loggers, calipers digital, control devices, gauges measuring'],
  ['334614', 'prerecorded media, dvds, cds software'],

  // Electrical equipment
  ['335110', 'light bulbs, lamps^0.7, led bulbs, led tubes, fluorescent tubes, leuchtmittel, gluhbirnen, ampoules, bombillas, lampen, gloeilampen'],
  [
    '335122',
    'light fixtures, luminaires, led panels, high bay lights, office lighting, leuchten, luminaires led, luminarias, armaturen verlichting, lighting^0.8, emergency lighting, street lights',
  ],
  ['335129', 'flashlights, torches, work lights, lanterns'],
  [
    '335210',
    'small appliances, kettles, kettle, toasters, microwaves, microwave, vacuum cleaner, vacuum cleaners, staubsauger, wasserkocher, mikrowelle, aspirateur, bouilloire, aspiradora, stofzuiger, hair dryer, electric fans desk',
  ],
  [
    '335220',
    'refrigerator, refrigerators, fridge, fridges, freezer, dishwasher, dishwashers, washing machine, washing machines, dryer, kuhlschrank, gefrierschrank, spulmaschine, waschmaschine, refrigerateur, lave vaisselle, lave linge, frigorifico, lavavajillas, koelkast, vaatwasser, wasmachine, oven, ovens, cooker, stove, household appliances',
  ],
  [
    '335311',
    'transformers, transformer, power transformer, trafo, transformator, transformateur, transformador, ups systems, ups, uninterruptible power supply, power supplies, power supply units, psu',
  ],
  [
    '335312',
    'electric motors, electric motor, motors^0.8, motor^0.6, elektromotor, elektromotoren, moteurs electriques, motores electricos, servo motors, servomotors, drives motor, alternators, frequency inverters, frequency converters, vfd, frequenzumrichter, variateurs',
  ],
  [
    '335313',
    'switchgear, switchboards, distribution boards, circuit breakers, schaltanlagen, schaltschrank, verteiler, tableau electrique, cuadro electrico, schakelkast, breakers, control cabinets',
  ],
  [
    '335314',
    'relays, contactors, plc, plcs, programmable logic controllers, industrial controls, siemens s7, automation components, schutze, relais, automates, hmi panels, safety relays, motor starters',
  ],
  [
    '335911',
    'batteries, battery, lithium batteries, lead acid batteries, forklift battery, car batteries, akku, akkus, batterien, batteries rechargeables, baterias, accu, accus, battery storage, battery packs, agm batteries',
  ],
  ['335912', 'aa batteries, aaa batteries, alkaline batteries, button cells, primary batteries, coin cells'],
  ['335921', 'fibre optic cable, fiber optic cable, glasfaserkabel, fibre cable, optical fibre, fibre patch cables'],
  [
    '335929',
    'cables, cable, electrical cable, power cable, wire electrical, kabel, leitungen, cables electriques, cable electrico, kabels, nyy, nym, cable drums, copper cable, network cables, cat6, patch cables, control cables',
  ],
  [
    '335931',
    'sockets, switches electrical, plugs, outlets, power strips, extension leads, steckdosen, schalter, prises, enchufes, stopcontacten, extension cords',
  ],
  ['335932', 'conduit, cable ducts, cable trays, junction boxes, kabelkanal, installationsrohr, goulottes, trunking, cable ties, kabelbinder'],
  ['335991', 'carbon brushes, graphite electrodes, graphite'],
  [
    '335999',
    'electrical equipment, electrical components, electrical materials, elektromaterial, materiel electrique, material electrico, ev chargers, ev charging stations, wallbox, charging station, ladestation, capacitor banks, electrical supplies, electrical parts',
  ],

  // Transportation equipment
  [
    '336111',
    'car, cars, passenger car, company car, company cars, vehicle purchase, new vehicle, pkw, dienstwagen, firmenwagen, voiture, voiture service, coche, auto, autos, bedrijfswagen^0.5, electric car, sedan, vw golf, bmw, audi, mercedes benz^0.6, tesla, skoda, volkswagen^0.6, toyota^0.5, peugeot, renault, volvo cars',
  ],
  [
    '336112',
    'van, vans, pickup, pick up truck, suv, light commercial vehicle, transporter, lieferwagen, kastenwagen, fourgon, utilitaire, furgoneta, bestelwagen, bestelbus, sprinter, transit van, ford transit, vw crafter',
  ],
  [
    '336120',
    'truck, trucks, heavy truck, lorry, lorries, tractor unit, lkw^0.7, sattelzugmaschine, camion, camiones, vrachtwagen, scania, daf, man truck, volvo trucks, mercedes actros, iveco',
  ],
  ['336211', 'vehicle bodies, truck bodies, bus bodies, body building vehicle, aufbau, refrigerated body'],
  ['336212', 'trailer, trailers, semi trailer, anhanger, auflieger, remorque, remolque, aanhanger, oplegger, krone, schmitz cargobull'],
  ['336310', 'engine parts, pistons, cylinder heads, engine components automotive'],
  ['336320', 'automotive electronics, wiring harness, wiring harnesses, kabelbaum, starter motors, automotive sensors, ignition'],
  ['336330', 'steering, suspension parts, shock absorbers, stossdampfer'],
  ['336340', 'brakes, brake pads, brake discs, bremsbelage, bremsscheiben, plaquettes frein, pastillas freno, remblokken'],
  ['336350', 'transmission parts, clutch, axles, drive shafts, gearbox automotive'],
  ['336360', 'car seats, vehicle seats, seat covers automotive, interior trim'],
  ['336370', 'automotive stampings, body panels, car body parts'],
  [
    '336390',
    'car parts, auto parts, vehicle parts, spare parts vehicle, autoteile, kfz teile, ersatzteile kfz, pieces auto, pieces detachees auto, repuestos coche, auto onderdelen, filters car, oil filter, air filter car, wiper blades, exhaust, catalytic converter, radiator car, truck parts, truck spare parts, lkw ersatzteile',
  ],
  ['336411', 'aircraft, airplane, helicopter, drone^0.7, drones, business jet'],
  ['336412', 'aircraft engines, jet engines, engine overhaul aircraft'],
  ['336413', 'aircraft parts, aerospace parts, avionics parts, landing gear'],
  ['336510', 'rolling stock, railcars, wagons rail, locomotives, locomotive, rail wagons, guterwagen'],
  ['336611', 'ship, ships, vessel, shipbuilding, ship repair, dry dock, schiff, navire, barco, schip'],
  ['336612', 'boat, boats, yacht, dinghy, rib boat, workboat'],
  [
    '336991',
    'bicycle, bicycles, bikes, bike, e-bike, ebike, e-bikes, cargo bike, fahrrad, fahrrader, velo, bicicleta, fiets, fietsen, motorcycle, motorcycles, scooter, motorrad, leasing fahrrad^0.5, jobrad',
  ],
  ['336999', 'golf carts, utility vehicles, atv'],

  // Furniture
  ['337110', 'kitchen cabinets, kitchen units, countertops, kitchen installation, einbaukuche, kuche, cuisine equipee, cocina'],
  ['337121', 'sofa, sofas, couch, armchairs, upholstered furniture, lounge furniture, polstermobel, canape, fauteuil'],
  ['337122', 'wooden furniture, wood tables, wooden chairs, holzmobel'],
  ['337127', 'school furniture, hospital furniture, auditorium seating, restaurant furniture, canteen furniture'],
  ['337211', 'wooden office furniture, wood desks'],
  [
    '337214',
    'office furniture, office chairs, office chair, desks, desk, standing desks, sit stand desks, height adjustable desk, conference table, meeting table, meeting room chairs, bureaustoelen, bureaustoel, buromobel, burostuhl, burostuhle, schreibtisch, schreibtische, mobilier bureau, chaise bureau, fauteuil bureau, muebles oficina, silla oficina, mesa oficina, kantoormeubilair, steelcase, herman miller, vitra, haworth, kinnarps, workstations desks, cabinets office, filing cabinets, pedestals, chairs, chair, tables^0.7, furniture^0.8, mobel^0.8, mobilier^0.8, muebles^0.8, meubilair^0.8, meubels',
  ],
  [
    '337215',
    'shelving, shelves, racking, pallet racking, lockers, storage racks, regale, regal, schwerlastregal, palettenregal, spinde, rayonnages, etageres, casiers, estanterias, taquillas, stellingen, kasten^0.5, partitions office, office partitions, display cases, shop fittings',
  ],
  ['337910', 'mattresses, mattress, matratzen, matelas, colchones, matrassen'],
  ['337920', 'blinds, window blinds, roller blinds, jalousien, rollos, stores^0.5, persianas, jaloezieen, sun shades'],

  // Miscellaneous manufacturing
  [
    '339112',
    'medical instruments, surgical instruments, syringes, needles medical, catheters, medical devices, medizinprodukte, dispositifs medicaux, dispositivos medicos',
  ],
  [
    '339113',
    'ppe, personal protective equipment, first aid kits, first aid kit, safety equipment, hearing protection, ear plugs, safety glasses, safety goggles, hard hats, helmets safety, respirators, face masks, masks, ffp2, ffp3, disposable gloves, nitrile gloves, work gloves, safety gloves, protective gloves, schutzausrustung, psa, arbeitsschutz, schutzhandschuhe, gants protection, epi, equipos proteccion, beschermingsmiddelen, harness fall protection, fall arrest, wheelchairs, bandages, plasters first aid, eyewash',
  ],
  ['339114', 'dental supplies, dental equipment'],
  ['339115', 'eyeglasses, spectacles, contact lenses, safety spectacles prescription, brillen, lunettes'],
  ['339116', 'dental laboratory, dental prosthetics'],
  ['339910', 'jewellery, jewelry, watches, silverware, medals^0.6, trophies^0.5'],
  ['339920', 'sports equipment, gym equipment, fitness equipment, balls sports, sportgerate, materiel sport, treadmill'],
  ['339930', 'toys, games, board games, spielzeug, jouets, juguetes, speelgoed, puzzles'],
  [
    '339940',
    'office supplies, office supply, stationery supplies, pens, ballpoint pens, markers, highlighters, pencils, staplers, staples, paper clips, binders, folders, lever arch files, toner^0.3, whiteboard markers, scissors office, rubber stamps, burobedarf, buromaterial, buroartikel, kugelschreiber, ordner, fournitures bureau, fournitures de bureau, material oficina, material de oficina, kantoorartikelen, kantoorbenodigdheden, staedtler, stabilo, leitz, office depot^0.5, viking^0.5, staples inc^0.5, lyreco^0.5, bic pens, desk supplies, filing supplies, printer supplies^0.5',
  ],
  [
    '339950',
    'signs, signage, sign, neon signs, display boards, schilder^0.5, beschilderung, werbeschilder, enseignes, panneaux signaletique, letreros, rotulos, bewegwijzering, wayfinding, safety signs, exit signs, name plates, trade show stand graphics^0.5, roll up banners, rollup, pylon sign',
  ],
  ['339991', 'gaskets, seals, packings, mechanical seals, dichtungen, joints etancheite, juntas, afdichtingen, shaft seals'],
  ['339992', 'musical instruments, piano, guitar'],
  ['339993', 'buttons, zippers, needles, pins, fasteners textile, velcro'],
  ['339994', 'brooms, brushes, mops, besen, bursten, balais, escobas, bezems, mop heads, cleaning brushes, dustpan'],
  [
    '339999',
    'promotional items, promotional products, giveaways, merchandise, werbeartikel, werbemittel, goodies, articulos promocionales, relatiegeschenken, branded pens, candles, umbrellas, lighters, 3d printing, 3d printed parts, gifts corporate^0.7, corporate gifts',
  ],

  // Wholesale trade (only words naming a distributor)
  ['423430', 'it reseller, hardware reseller, computer distributor, software reseller^0.6'],
  ['423510', 'metal service center, steel stockholder, metal stockist, metals distributor, stahlhandel, negoce acier'],
  [
    '423840',
    'industrial supplies, mro supplies, maintenance supplies, industrial distributor, wurth, wuerth, wurth supplies, technischer handel, fournitures industrielles, suministros industriales, grainger, rs components^0.3, mcmaster, mcmaster carr, hoffmann group',
  ],
  ['423930', 'scrap purchase, scrap metal purchase, recyclable materials, schrott'],
  ['424410', 'groceries wholesale, cash and carry, metro cash, makro, sysco, food wholesale, grossmarkt'],
  ['425120', 'commission agent, sales agent commission, trade broker, handelsvertreter provision'],

  // Retail (words naming the shop)
  ['441110', 'car dealer, car dealership, autohaus'],
  [
    '444110',
    'home centre, home center, diy store, baumarkt, obi, hornbach, bauhaus, leroy merlin, home depot, lowes, b&q, praxis, gamma, hubo, castorama, bricomart',
  ],
  ['444130', 'hardware store, eisenwarenhandlung, quincaillerie, ferreteria, ijzerwinkel'],
  [
    '445110',
    'supermarket, groceries, grocery, lebensmittel, supermarkt, supermarche, supermercado, aldi, lidl, rewe, edeka, tesco, sainsbury, carrefour, albert heijn, jumbo supermarkt, mercadona, kaufland, spar, waitrose, whole foods, kroger, walmart^0.5, coop, migros, monoprix, delhaize, colruyt, netto, penny markt',
  ],
  ['445120', 'convenience store, kiosk, spati'],
  ['446110', 'pharmacy, chemist, drugstore, apotheke, pharmacie, farmacia, apotheek, boots pharmacy, cvs pharmacy, walgreens, dm drogerie, rossmann, kruidvat'],
  [
    '447110',
    'petrol station, gas station, fuel station, service station, tankstelle, station service, gasolinera, tankstation, shell station, aral, esso station, bp station, jet tankstelle, q8, texaco',
  ],
  ['448140', 'clothing store, h&m, zara, primark, c&a'],
  ['451110', 'sporting goods store, decathlon, intersport'],
  ['451211', 'bookshop, bookstore, buchhandlung, librairie, libreria, boekhandel, thalia'],
  ['453210', 'stationery shop, office supplies store, papeterie shop, schreibwarenladen'],
  ['453110', 'florist, florists, blumenladen, fleuriste, floristeria, bloemist, interflora, fleurop'],
  ['454110', 'amazon, amazon marketplace, amazon business, online shop, webshop, ebay, etsy, aliexpress, zalando, bol.com, otto versand, cdiscount'],
  ['454210', 'vending, vending services, snack vending, selecta'],
  ['454310', 'heating oil delivery, fuel delivery, propane delivery, heizollieferung, fuel dealer'],

  // Transportation and warehousing
  [
    '481111',
    'flight, flights, airfare, air fare, air ticket, air tickets, airline, airline tickets, plane ticket, flug, fluge, flugticket, flugtickets, flugschein, vol, vols, billet avion, billets avion, vuelo, vuelos, billete avion, vlucht, vliegticket, vliegtickets, economy class, business class, boarding, return flight, one way flight, lufthansa, klm, air france, british airways, easyjet, ryanair, eurowings, swiss air, swiss international air, iberia, vueling, transavia, delta air, united airlines, american airlines, emirates, qatar airways, turkish airlines, sas airlines, brussels airlines, austrian airlines, tap air, wizz air, norwegian air, air canada, singapore airlines, cathay pacific, baggage fee, seat reservation flight',
  ],
  ['481112', 'air freight, airfreight, air cargo, luftfracht, fret aerien, carga aerea, flete aereo, luchtvracht, air shipment, air waybill, awb'],
  ['481211', 'charter flight, private jet, business jet charter, air taxi, jet charter'],
  [
    '482111',
    'rail freight, rail cargo, freight train, railway freight, bahnfracht, schienengueterverkehr, schienenguterverkehr, fret ferroviaire, transporte ferroviario, spoorvracht, db cargo, intermodal rail, block train, container train, train ticket, train tickets, train fare, rail ticket, rail tickets, rail travel, rail fare, bahnticket, bahnfahrt, zugticket, fahrkarte, fahrkarten, bahncard, db fernverkehr, deutsche bahn, billet train, billets train, sncf, tgv, ouigo, renfe, billete tren, ns international, treinkaartje, eurostar, thalys, trenitalia, italo treno, sbb, obb, amtrak, via rail, avanti west coast, lner, gwr, trainline',
  ],
  [
    '483111',
    'sea freight, ocean freight, seefracht, fret maritime, flete maritimo, zeevracht, container shipping, shipping container^0.6, fcl, lcl, 40ft container, 20ft container, 40hc, teu, bill of lading, b/l^0.5, bunker surcharge, baf, thc^0.6, maersk, msc, hapag lloyd, cma cgm, cosco, evergreen, ocean network express, zim, yang ming, hmm shipping, ocean shipment',
  ],
  ['483112', 'cruise, cruises'],
  ['483113', 'coastal shipping, short sea shipping, short sea'],
  [
    '483114',
    'ferry, ferries, fahre, faehre, ferry crossing, ferry tickets, bac, ferry boat, stena line, dfds, p&o ferries, brittany ferries, color line, tt line, veerboot, ferry ticket',
  ],
  [
    '483211',
    'inland waterway, barge, barge freight, binnenschiff, binnenschifffahrt, binnenvaart, peniche, river freight, inland shipping, rhine barge, lastkahn',
  ],
  ['484110', 'local delivery truck, local haulage, local freight, nahverkehr lkw, city logistics, delivery run, short haul'],
  [
    '484121',
    'freight, road freight, trucking, haulage, road haulage, transport^0.4, shipment^0.5, ftl, full truck load, full truckload, truckload, lkw transport, lkw fracht, stuckgut^0.5, fracht, frachtkosten, spedition, speditionskosten, transportkosten, transport routier, fret routier, affretement, transporte por carretera, transporte terrestre, portes^0.6, vrachtvervoer, wegtransport, vracht, freight charges, freight cost, freight costs, carriage, delivery charges^0.6, shipping costs^0.6, line haul, linehaul, haulier, hauler, transportation^0.5, logistics^0.4, trailer load, freight invoice, transports, transportes, transporte',
  ],
  [
    '484122',
    'ltl, less than truckload, groupage, sammelgut, stuckgut, stueckgut, palletized freight, pallet network, messagerie, grupaje, groupagevervoer, part load, pallet delivery, palletways, pall-ex, palletforce, teilladung, teilladungen',
  ],
  [
    '484210',
    'removals, moving services, office move, office relocation, umzug, umzugsfirma, demenagement, mudanza, verhuizing, relocation services^0.7, movers, furniture removal',
  ],
  ['484220', 'tanker transport local, skip hire, container haulage local, tipper, dump truck hire^0.5, crane truck'],
  [
    '484230',
    'specialized freight, heavy haulage, heavy transport, schwertransport, abnormal load, refrigerated transport, reefer truck, kuhltransport, tank truck, bulk transport, silo transport, car transport, hazardous goods transport, adr transport, gefahrguttransport, temperature controlled transport, oversize transport',
  ],
  [
    '485111',
    'public transport, public transit, nahverkehr, offentlicher nahverkehr, transports publics, transporte publico, openbaar vervoer, ov chipkaart, oyster, navigo, travelcard, transit pass, monthly pass, jobticket, deutschlandticket, ratp, bvg, mvv, tfl',
  ],
  ['485112', 'commuter rail, suburban rail, s-bahn'],
  ['485113', 'bus ticket, bus tickets, metro, subway, tram, underground, u-bahn, tube fare, bus fare, metro card, strassenbahn'],
  ['485210', 'coach, coach tickets, long distance bus, flixbus, greyhound, national express, fernbus'],
  [
    '485310',
    'taxi, taxis, cab, cabs, uber, lyft, bolt ride, free now, freenow, taxifahrt, taxikosten, taxi fare, cab fare, ride hailing, rideshare, cabify, g7, taxi ride, addison lee',
  ],
  ['485320', 'limousine, limo, chauffeur, chauffeur service, car service driver, chauffeured, blacklane'],
  ['485410', 'employee shuttle, staff shuttle, shuttle bus, werkbus, school bus'],
  ['485510', 'charter bus, coach hire, bus hire, busvermietung, reisebus, autocar location, alquiler autobus, touringcar'],
  ['485999', 'airport shuttle, airport transfer, transfer service, shuttle service, ground transportation'],
  ['486210', 'gas pipeline transport, gas transmission'],
  ['487110', 'sightseeing, city tour bus'],
  ['488119', 'airport fees, airport charges, landing fees, airport parking^0.5'],
  ['488190', 'aircraft handling, ground handling, aircraft maintenance, mro aviation'],
  ['488210', 'rail infrastructure services, rail maintenance, track access charges'],
  [
    '488310',
    'port charges, port dues, harbour fees, harbor fees, hafengebuhren, droits portuaires, tasas portuarias, havengelden, terminal handling, container terminal, demurrage, detention charges, quay',
  ],
  ['488320', 'stevedoring, cargo handling, container handling, loading unloading ship, umschlag, manutention portuaire, estiba'],
  ['488330', 'pilotage, towage, tug services, lotsen'],
  ['488410', 'towing, tow truck, breakdown recovery, abschleppdienst, depannage, grua remolque, roadside assistance, breakdown service'],
  [
    '488490',
    'tolls, toll, road toll, motorway toll, maut, lkw maut, peage, peaje, tol, vignette, toll charges, congestion charge, bridge toll, tunnel toll, toll collect',
  ],
  [
    '488510',
    'freight forwarding, freight forwarder, forwarder, forwarding, customs clearance, customs broker, customs brokerage, customs fees, customs declaration, zollabfertigung, zollagent, verzollung, spediteur, dedouanement, transitaire, commissionnaire transport, despacho aduanas, agente aduanas, expediteur, douane inklaring, logistics services^0.8, 3pl^0.6, freight management, kuehne nagel, kuhne nagel, db schenker, schenker, dsv, ceva logistics, expeditors, geodis, dachser, bollore logistics, rhenus, nippon express, panalpina, flexport, logwin, hellmann, import duties handling, export documentation',
  ],
  ['488991', 'packing and crating, crating, export packing, seaworthy packing, kistenverpackung, industrial packing services'],
  [
    '491110',
    'postage, postal, stamps, post office, briefmarken, porto, portokosten, frankierung, affranchissement, timbres, sellos, franqueo, postzegels, frankering, deutsche post, la poste, royal mail, usps, postnl, correos, bpost, post ch, franking machine^0.6, registered mail, einschreiben, lettre recommandee',
  ],
  [
    '492110',
    'courier, couriers, express delivery, parcel, parcels, parcel delivery, express shipment, overnight delivery, kurier, kurierdienst, paket, pakete, paketversand, paketdienst, coursier, messagerie express, colis, mensajeria, paqueteria, koerier, pakket, pakketten, pakketdienst, dhl, dhl express, ups, fedex, tnt, dpd, gls, hermes, chronopost, colissimo, seur, nacex, mrw, purolator, aramex, sendcloud, express freight^0.6, next day delivery, same day courier^0.6',
  ],
  ['492210', 'local courier, bike courier, messenger service, same day delivery local, fahrradkurier, stuart, local messengers'],
  [
    '493110',
    'warehousing, warehouse, storage, storage fees, warehouse fees, pallet storage, lagerung, lagerkosten, lagermiete, einlagerung, lagerhaltung, entreposage, stockage, almacenaje, almacenamiento, opslag, opslagkosten, fulfilment, fulfillment, fulfilment services, pick & pack, pick and pack, contract logistics, 3pl warehouse, inbound handling, outbound handling, handling fees warehouse, storage charges',
  ],
  ['493120', 'cold storage, refrigerated storage, frozen storage, kuhllager, tiefkuhllager, entrepot frigorifique, almacen frigorifico, koelhuis, cold store'],
  ['493190', 'document storage, records storage, archive storage, iron mountain, self storage^0.5, aktenlagerung'],

  // Information
  [
    '511110',
    'newspaper, newspapers, newspaper subscription, zeitung, zeitungen, journal^0.5, periodico, krant, financial times, wall street journal, faz, handelsblatt, le monde, les echos, nrc, new york times',
  ],
  [
    '511120',
    'magazine, magazines, periodicals, journal subscription, trade journal, zeitschrift, zeitschriften, fachzeitschrift, magazine subscription, revue, revista, tijdschrift, the economist, harvard business review, journals',
  ],
  [
    '511130',
    'books, book, textbooks, ebooks, bucher, buch, fachbucher, livres, livre, libros, libro, boeken, boek, publications, handbook, standards^0.5, din standards, iso standards, norms documents',
  ],
  ['511140', 'mailing list, directory listing, business directory, data lists, lead lists'],
  [
    '511210',
    'software, software license, software licence, software licenses, software licences, licence, licences, license, licenses, lizenz, lizenzen, softwarelizenz, softwarelizenzen, logiciel, logiciels, licence logiciel, licencia, licencias, programa software, softwarelicentie, licentie, licenties, subscription software, saas, saas subscription, software subscription, annual subscription^0.6, renewal^0.4, maintenance software, software maintenance, software support, microsoft 365, office 365, m365, o365, microsoft office, windows license, adobe, adobe cc, creative cloud, acrobat, autocad, autodesk, solidworks, salesforce, sap license, sap^0.7, oracle license, atlassian, jira, confluence, slack, zoom, zoom subscription, teams, microsoft teams, google workspace, g suite, dropbox, box.com, docusign, hubspot, servicenow, workday, sage, datev, lexware, quickbooks, xero, tableau, power bi, matlab, ansys, antivirus, anti virus, kaspersky, norton, mcafee, sophos, crowdstrike, github, gitlab, jetbrains, figma, miro, notion, asana, monday.com, trello, canva, mailchimp, survey monkey, surveymonkey, zendesk, freshdesk, intercom^0.5, sentry, datadog, splunk, vmware, citrix, veeam, esri, arcgis, sketchup, bluebeam, nitro pdf, foxit, teamviewer, anydesk, 1password, lastpass, grammarly, deepl, chatgpt, openai, copilot, github copilot, apple developer, app store^0.6, erp license, crm subscription, crm, erp',
  ],
  [
    '512110',
    'video production, film production, corporate video, videoproduktion, production video, produccion video, filmproductie, promotional video, animation video',
  ],
  ['512191', 'post production, video editing, subtitling'],
  ['512240', 'sound recording, recording studio, audio production, podcast production, voice over'],
  ['512290', 'music licensing, background music license, gema, sacem'],
  ['515120', 'television advertising^0.5, tv broadcasting'],
  ['515210', 'cable tv, tv subscription, sky subscription, netflix, pay tv, streaming subscription, spotify, disney plus'],
  [
    '517311',
    'internet, internet access, broadband, fibre internet, fiber internet, dsl, leased line, mpls, landline, fixed line, telephphtelephone bill, telephony, telefon, telefonkosten, festnetz, internetanschluss, glasfaser, telephone, telephonie, internet professionnel, telefonia fija, internet fibra, vaste lijn, telefoonkosten, telecom, telecoms, telecommunications, telekommunikation, deutsche telekom, telekom, bt business, british telecom, orange business, kpn, telefonica, swisscom, proximus, colt, at&t, verizon business, comcast business, sip trunk, voip, dark fibre, ethernet circuit',
  ],
  [
    '517312',
    'mobile, mobile phone bill, mobile phone plan, mobile contract, mobile plan, mobile data, mobilfunk, mobilfunkvertrag, handyvertrag, handyrechnung, forfait-mobile, abonnement-mobile, telefonia movil, tarifa movil, mobiel abonnement, sim card, sim cards, sim, esim, roaming, data plan, cellular, vodafone, o2, t-mobile, ee, three mobile, orange mobile, sfr, bouygues telecom, free mobile, movistar, vodafone business, verizon wireless, iot sim',
  ],
  ['517410', 'satellite communications, satellite phone, iridium, inmarsat, starlink, vsat'],
  ['517919', 'conference calling, teleconference service, webex^0.5, telecom services^0.7'],
  [
    '518210',
    'cloud, cloud hosting, cloud services, cloud computing, hosting, web hosting, server hosting, colocation, colo, data center, data centre, datacenter, rechenzentrum, iaas, paas, aws, amazon web services, azure, microsoft azure, google cloud, gcp, ovh, ovhcloud, hetzner, digitalocean, ionos, strato, cloudflare, akamai, fastly, heroku, vercel, netlify, snowflake, databricks, backup service, cloud backup, cloud storage, s3, ec2, compute instances, hebergement, alojamiento web, nube, servicios nube, cloudopslag, data processing services, payroll processing^0.3, domain name, domain names, domains, ssl certificate, ssl certificates, dns, cdn',
  ],
  ['519120', 'library services, archive services'],
  [
    '519130',
    'online advertising, google ads, google adwords, adwords, facebook ads, meta ads, linkedin ads, linkedin premium, linkedin recruiter, linkedin sales navigator, linkedin, instagram ads, tiktok ads, twitter ads, bing ads, youtube ads, online ads, display advertising, programmatic, search engine advertising, suchmaschinenwerbung, sea campaign, sem, ppc, pay per click, social media ads, job board, job boards, job posting, job postings, stepstone, indeed, glassdoor, monster jobs, xing, welcome jungle, online listings, web portal subscription',
  ],
  [
    '519190',
    'information services, database subscription, market data, bloomberg terminal, bloomberg, reuters, refinitiv, factset, s&p capital iq, capital iq, statista, gartner, forrester, idc, euromonitor, dun & bradstreet, d&b, company data, news service, press clipping, media monitoring, meltwater, cision, researchgate',
  ],

  // Finance and insurance
  [
    '522110',
    'bank fees, bank charges, banking fees, account fees, bankgebuhren, kontofuhrungsgebuhren, kontogebuhren, frais bancaires, comisiones bancarias, gastos bancarios, bankkosten, interest^0.6, loan interest, overdraft, zinsen, interets, intereses, rente^0.5, wire transfer fee, swift fee, transfer fees, fx fees, currency conversion fee, guarantee fee, letter credit, bank guarantee, avalprovision, commerzbank, deutsche bank, hsbc, barclays, bnp paribas, santander, ing bank, rabobank, abn amro, societe generale, ubs, credit suisse, sparkasse, volksbank, jp morgan, chase bank, citibank, wells fargo, bank^0.6',
  ],
  ['522210', 'credit card fees, card fees, amex fee, annual card fee, kreditkartengebuhr'],
  ['522220', 'leasing interest, finance lease, hire purchase, vehicle finance, equipment financing, leasingzinsen'],
  [
    '522320',
    'payment processing, payment fees, merchant fees, card processing, transaction fees, stripe, stripe fees, paypal, paypal fees, adyen, worldpay, sumup, square fees, klarna, mollie, payment gateway, zahlungsgebuhren, frais paiement, transactiekosten',
  ],
  ['523120', 'brokerage fees, broker commission, securities brokerage, trading commission'],
  ['523920', 'asset management, portfolio management, fund management fees'],
  ['523930', 'investment advice, financial advisor, wealth advisor, financial advisory'],
  ['523991', 'custody fees, trustee fees, fiduciary, escrow'],
  ['524113', 'life insurance, group life insurance, lebensversicherung, assurance vie, seguro vida, levensverzekering, death in service'],
  [
    '524114',
    'health insurance, medical insurance, private health insurance, dental insurance, krankenversicherung, mutuelle, seguro medico, seguro salud, zorgverzekering, bupa, axa health, cigna, allianz care',
  ],
  [
    '524126',
    'insurance, insurance premium, insurance premiums, liability insurance, property insurance, business insurance, fleet insurance, car insurance, motor insurance, cargo insurance, transport insurance, d&o insurance, cyber insurance, professional indemnity, public liability, employers liability, versicherung, versicherungen, versicherungspramie, haftpflicht, haftpflichtversicherung, betriebshaftpflicht, kfz versicherung, sachversicherung, assurance, assurances, prime assurance, responsabilite civile, seguro, seguros, poliza, verzekering, verzekeringen, verzekeringspremie, allianz, axa, zurich insurance, generali, chubb, aig, hiscox, mapfre, ergo, hdi, aviva, travel insurance, all risk insurance, machinery breakdown insurance',
  ],
  ['524127', 'title insurance'],
  ['524130', 'reinsurance'],
  [
    '524210',
    'insurance broker, insurance brokerage, broker fee insurance, versicherungsmakler, courtier assurance, corredor seguros, verzekeringsmakelaar, marsh, aon, willis towers watson, wtw, funk gruppe',
  ],
  ['524298', 'claims handling, loss adjuster'],
  ['525110', 'pension, pension contributions, pension fund, pensionskasse, caisse retraite, pensioenfonds, occupational pension, betriebsrente'],

  // Real estate and rental
  ['531110', 'apartment rent, flat rental, employee housing, corporate apartment, serviced apartment^0.5, wohnung miete'],
  [
    '531120',
    'rent, office rent, rent office, lease, office lease, premises rent, warehouse rent, building rent, rental office space, miete, mieten, buromiete, gewerbemiete, hallenmiete, miete buro, mietzins, loyer, loyers, loyer bureau, bail commercial, alquiler, alquiler oficina, arrendamiento, huur, huur kantoor, kantoorhuur, pacht, service charge^0.5, service charges^0.5, nebenkosten, betriebskosten, charges locatives, landlord, coworking, co-working, wework, regus, iwg, spaces, flexible office, desk rental, meeting room rental, conference room hire',
  ],
  ['531130', 'self storage, storage unit, lagerabteil'],
  ['531190', 'land lease, ground rent, parking space rental, billboard site lease'],
  [
    '531210',
    'real estate agent, estate agent, broker real estate, makler, maklerprovision, immobilienmakler, agence immobiliere, inmobiliaria, makelaar, letting agent',
  ],
  ['531312', 'property management, facility management fee, hausverwaltung, gestion immobiliere, vastgoedbeheer'],
  ['531320', 'property valuation, real estate appraisal, valuation survey'],
  [
    '532111',
    'car rental^2, car hire^2, rental car^2, hire car^2, mietwagen^2, autovermietung^2, location voiture^2, alquiler coche^2, autoverhuur^2, huurauto^2, hertz, avis, europcar, sixt, enterprise rent^2, enterprise rent-a-car^2, budget rent^2, national car rental^2, alamo, thrifty, dollar rent^2, rent-a-car',
  ],
  [
    '532112',
    'car lease^2, car leasing^2, vehicle leasing^2, fleet leasing^2, leasing car^2, lease car^2, leaseauto^2, autoleasing^2, leasing fahrzeug^2, leasingrate^2, leasingraten^2, leasing vehicule^2, lld, renting coches^2, leasing^0.6, ald automotive, leaseplan, arval, athlon, alphabet leasing^2',
  ],
  [
    '532120',
    'van rental^2, van hire^2, truck rental^2, truck hire^2, trailer rental^2, lkw miete^2, transporter miete^2, location camion^2, alquiler furgoneta^2, bestelwagen huur^2, ryder, rv rental^2',
  ],
  ['532210', 'tv rental, electronics rental'],
  ['532289', 'party rental, event furniture rental, tableware hire'],
  ['532310', 'equipment hire^0.6, tool hire, tool rental, werkzeugverleih, location outils'],
  ['532411', 'aircraft lease, container leasing, railcar leasing, vessel charter'],
  [
    '532412',
    'equipment rental^2, plant hire^2, crane hire^2, crane rental^2, excavator hire^2, machinery rental^2, baumaschinenvermietung^2, mietgerate^2, kranmiete^2, location engins^2, alquiler maquinaria^2, materieelverhuur^2, scaffold hire^0.6, boels, ramirent, loxam, kiloutou, zeppelin rental^2, hkl, sunbelt, united rentals^2, generator hire^2, generator rental^2, platform hire^2, aerial platform rental^2, mewp hire^2',
  ],
  [
    '532420',
    'copier lease^2, copier rental^2, printer lease^2, printer leasing^2, office equipment lease^2, kopiererleasing^2, kopierermiete^2, location photocopieur^2, managed print, managed print services, mps, print fleet, cost per page^0.6, page charges, click charges, laptop leasing^2, it leasing^2, device as a service',
  ],
  [
    '532490',
    'machinery lease^2, industrial equipment rental^2, pallet rental^2, pallet hire^2, chep, ipp pallets, lpr pallets, gas cylinder rental^0.5, container rental^2, container hire^2, skip rental^0.5, cabin hire^2, site office hire^2, toilet hire^2, portable toilets, forklift rental^2, forklift hire^2, staplermiete^2',
  ],
  ['533110', 'royalties, royalty, licence fees brand, franchise fees, patent licence, lizenzgebuhren, redevances, regalias, patent fees^0.5'],

  // Professional, scientific and technical services
  [
    '541110',
    'legal, legal fees, legal services, legal advice, lawyer, lawyers, attorney, attorneys, solicitor, solicitors, barrister, counsel, law firm, litigation, contract review, trademark registration, rechtsanwalt, rechtsanwalte, anwalt, anwaltskosten, rechtsberatung, kanzlei, avocat, avocats, honoraires avocat, conseil juridique, abogado, abogados, asesoria juridica, honorarios abogado, advocaat, advocaten, advocatenkantoor, juridisch advies, gdpr advice, patent attorney, ip counsel, baker mckenzie, clifford chance, freshfields, linklaters, allen overy, dla piper, cms law, hogan lovells',
  ],
  ['541120', 'notary, notarial, notar, notarkosten, notaire, notario, notaris'],
  ['541199', 'legal support, process server, court fees^0.5'],
  [
    '541211',
    'audit, audit fees, annual audit, statutory audit, external audit, auditor, auditors, accountant, accountants, accounting, accounting services, wirtschaftsprufer, wirtschaftsprufung, jahresabschluss, jahresabschlussprufung, abschlussprufung, steuerberater^0.6, expert comptable, expertise comptable, commissaire aux comptes, auditoria, contable, accountant kosten, accountantskantoor, accountancy, pwc, pricewaterhousecoopers, kpmg, deloitte, ernst young, ey, grant thornton, bdo, mazars, forvis mazars, rsm, baker tilly, moore stephens, crowe, ebner stolz, year end accounts, financial statements audit, limited review, assurance services^0.6, esg assurance',
  ],
  [
    '541213',
    'tax advice, tax preparation, tax return, tax consulting, tax advisory, tax compliance, vat compliance, vat return, transfer pricing, steuerberatung, steuerberater, steuererklarung, umsatzsteuervoranmeldung, conseil fiscal, asesoria fiscal, asesor fiscal, belastingadvies, belastingaangifte, tax services',
  ],
  [
    '541214',
    'payroll, payroll services, payroll processing, payroll provider, lohnabrechnung, gehaltsabrechnung, entgeltabrechnung, paie, gestion paie, nominas, salarisadministratie, loonadministratie, adp, paychex, gusto, personio^0.6, deel, remote.com, papaya global',
  ],
  [
    '541219',
    'accounts payable outsourcing, invoice processing services, bookkeeping outsourcing, bookkeeping, bookkeeper, buchhaltung, buchfuhrung, comptabilite, contabilidad, boekhouding',
  ],
  [
    '541310',
    'architect, architects, architecture, architectural services, architekt, architekten, architekturburo, architecte, arquitecto, arquitectura, architect kosten, architectenbureau, building design, planning permission drawings',
  ],
  ['541320', 'landscape architect, landscape design, landschaftsarchitekt'],
  [
    '541330',
    'engineering services, engineering, engineering consultancy, engineering consulting, engineering design, structural engineering, structural engineer, mechanical engineering services, electrical engineering services, civil engineering design, design engineering, ingenieurburo, ingenieurleistungen, ingenieurdienstleistungen, planungsleistungen, statik, statiker, tragwerksplanung, bureau etudes, ingenierie, ingenieria, ingenieurs, ingenieursbureau, hvac design, fea analysis, cad services, process engineering, energy audit^0.6, feasibility study^0.6, owners engineer, commissioning services',
  ],
  ['541340', 'drafting, cad drafting, technical drawings, drawings service, technisches zeichnen'],
  ['541350', 'building inspection, home inspection, building survey, fire safety inspection, sachverstandiger bau, baugutachten, controle technique batiment'],
  ['541360', 'geophysical survey, seismic survey'],
  [
    '541370',
    'land survey, surveying, surveyor, vermessung, vermessungsburo, geometre, topografia, landmeter, topographic survey, cadastral survey, drone survey',
  ],
  [
    '541380',
    'testing laboratory, laboratory testing, lab testing, lab tests, lab analysis, material testing, testing services, certification testing, product testing, inspection testing, calibration, calibration services, kalibrierung, kalibrieren, prufung, prufdienstleistung, prufinstitut, laboranalyse, essais laboratoire, etalonnage, ensayos laboratorio, calibracion, laboratoriumonderzoek, kalibratie, tuv, tuv sud, tuv rheinland, dekra, sgs, bureau veritas, intertek, eurofins, ul solutions, dnv, applus, emissions testing, water analysis, soil testing, ce marking, type approval, ndt inspection, pat testing, electrical inspection, legionella testing',
  ],
  [
    '541410',
    'interior design, interior designer, innenarchitekt, innenarchitektur, architecte interieur, interiorismo, interieurontwerp, office design, space planning',
  ],
  ['541420', 'industrial design, product design, produktdesign'],
  [
    '541430',
    'graphic design, graphic designer, logo design, branding design, layout design, grafikdesign, grafiker, graphisme, diseno grafico, grafisch ontwerp, illustration, illustrations, visual identity, infographics, presentation design, brochure design, packaging design, logo, brand identity',
  ],
  ['541490', 'ux design, ui design, web design, webdesign, user experience design, fashion design'],
  [
    '541511',
    'software development, custom software, programming, app development, web development, website development, developer services, softwareentwicklung, programmierung, entwicklung software, developpement logiciel, developpement web, desarrollo software, desarrollo web, softwareontwikkeling, maatwerk software, freelance developer, contractor developer, it contractor, mobile app development, api development, integration development, website build, website redesign',
  ],
  [
    '541512',
    'it consulting, it services, it consultancy, systems integration, it implementation, erp implementation, sap consulting, it project, it support, managed services, managed it services, it outsourcing, helpdesk, service desk, it dienstleistungen, it beratung, it service, systemhaus, infogerance, services informatiques, conseil informatique, servicios informaticos, consultoria it, it dienstverlening, ict diensten, accenture, capgemini, atos, cgi, infosys, tcs, tata consultancy, wipro, cognizant, hcl, sopra steria, bechtle, cancom, computacenter, ntt data, dxc, kyndryl, network setup, cybersecurity services, penetration test, pen test, penetration testing, security audit it, soc services, it security services',
  ],
  ['541513', 'it facilities management, data center management, outsourced it operations'],
  ['541519', 'it repair^0.5, computer setup, it hardware installation, data recovery, it asset disposal'],
  [
    '541611',
    'management consulting, consulting, consultancy, consultant, consultants, business consulting, strategy consulting, strategy project, advisory services, advisory, beratung, beratungsleistungen, unternehmensberatung, beratungshonorar, berater, conseil, conseil strategie, cabinet conseil, consultoria, consultor, asesoria^0.6, advies, adviesdiensten, adviseur, consultancy fees, mckinsey, boston consulting, bcg, bain, roland berger, oliver wyman, kearney, simon kucher, booz allen, pa consulting, capgemini invent, kpmg advisory, interim management, interim manager, change management, transformation program, workshop facilitation, coaching^0.6, executive coaching',
  ],
  [
    '541612',
    'hr consulting, human resources consulting, compensation benchmarking, salary survey, personalberatung^0.5, organisational development, employee survey, engagement survey',
  ],
  [
    '541613',
    'marketing consulting, marketing services, marketing agency, marketing campaign, digital marketing, content marketing, seo, search engine optimisation, search engine optimization, social media management, social media marketing, influencer marketing, email marketing services, growth marketing, lead generation, brand strategy, branding agency, marketingberatung, marketingagentur, online marketing, agence marketing, agencia marketing, marketingbureau, crm campaigns, newsletter service',
  ],
  ['541614', 'logistics consulting, supply chain consulting, process consulting, lean consulting, six sigma'],
  ['541618', 'management consulting other, project management services, project manager services, pmo, procurement consulting, sourcing consultancy'],
  [
    '541620',
    'environmental consulting, sustainability consulting, esg consulting, carbon accounting, carbon footprint, ghg inventory, lca, life cycle assessment, environmental impact assessment, environmental audit, csrd, csrd reporting, sbti, cdp reporting, esg reporting, umweltberatung, nachhaltigkeitsberatung, conseil environnement, consultoria ambiental, milieuadvies, duurzaamheidsadvies, energy consulting, carbon offsets^0.5, carbon credits^0.5, decarbonisation, decarbonization, iso 14001',
  ],
  [
    '541690',
    'technical consulting, scientific consulting, safety consulting, health safety consulting, fire safety consulting, quality consulting, iso 9001 consulting, regulatory consulting, ehs consulting, arbeitssicherheit beratung, sicherheitsfachkraft, fachkraft arbeitssicherheit, expert technique, expertise technique, gutachten, expert report, technical expertise, data protection officer, datenschutzbeauftragter, external dpo',
  ],
  ['541714', 'biotech research, biotechnology research'],
  [
    '541715',
    'research and development, r&d, contract research, research services, r&d services, forschung, forschungsauftrag, forschung und entwicklung, recherche developpement, investigacion desarrollo, onderzoek ontwikkeling, clinical trials, prototype development, university research contract',
  ],
  ['541720', 'social research, economic research, policy research'],
  [
    '541810',
    'advertising agency, advertising, ad agency, creative agency, campaign, advertising campaign, werbeagentur, werbung, werbekosten, werbekampagne, agence publicite, publicite, publicidad, agencia publicidad, reclamebureau, reclame, reclamekosten, advertentie, advertenties, ads^0.5, print advertising, newspaper ads, radio advertising, tv advertising, advertisement, anzeigen, anzeige, inserat, inserate, annonce, anuncios, commercial spot, wpp, publicis, omnicom, ogilvy, havas, dentsu, interpublic, mccann, saatchi, jung von matt, serviceplan',
  ],
  [
    '541820',
    'public relations, pr agency, pr services, press release, media relations, pr consultancy, communications agency, pr agentur, offentlichkeitsarbeit, relations presse, relaciones publicas, communicatiebureau, pr bureau, edelman, weber shandwick, fleishman hillard, burson',
  ],
  ['541830', 'media buying, media agency, mediaagentur, achat media, central de medios, mediabureau, groupm, mindshare, omd, zenith media'],
  [
    '541850',
    'outdoor advertising, billboard, billboards, billboard advertising, plakatwerbung, aussenwerbung, affichage, vallas publicitarias, buitenreclame, jcdecaux, clear channel, stroer, ooh advertising, digital signage advertising',
  ],
  ['541860', 'direct mail, mailing campaign, postwurfsendung, mailshot, publipostage, buzoneo, direct mailing'],
  ['541870', 'leaflet distribution, flyer distribution, prospektverteilung'],
  ['541890', 'advertising services other, point of sale materials, pos materials, sample distribution, promotional staffing'],
  [
    '541910',
    'market research, marketing research, survey research, consumer research, focus groups, polling, opinion poll, customer survey research, mystery shopping, marktforschung, umfrage, etude marche, etudes de marche, investigacion mercado, estudio mercado, marktonderzoek, nielsen, ipsos, kantar, gfk, yougov, euromonitor research, panel data',
  ],
  ['541921', 'portrait photography, headshots, staff photos, passport photos'],
  [
    '541922',
    'photography, photographer, photo shoot, product photography, commercial photography, event photography, fotograf, fotografie, fotoshooting, photographe, fotografo, fotografia, stock photos, stock images, getty images, shutterstock, adobe stock, istock',
  ],
  [
    '541930',
    'translation, translations, translation services, translator, interpreting, interpreter, interpretation services, localisation, localization, ubersetzung, ubersetzungen, ubersetzer, dolmetscher, dolmetschen, traduction, traductions, traducteur, interprete, traduccion, traducciones, traductor, vertaling, vertalingen, vertaalbureau, tolk, sworn translation, beglaubigte ubersetzung, lionbridge, transperfect, rws, proofreading, lektorat',
  ],
  ['541940', 'veterinary, veterinarian, vet, tierarzt, veterinaire, veterinario, dierenarts'],
  [
    '541990',
    'professional services, professional fees^0.6, freelancer^0.5, expert fees^0.5, other professional services, weather services, appraisal services',
  ],

  // Management of companies
  [
    '551114',
    'management fee group, intercompany management fee, group charges, head office recharge, konzernumlage, holding fees, management fees intercompany, shared services recharge, intercompany recharge, group services',
  ],

  // Administrative, support, waste
  [
    '561110',
    'office administration services, administrative services, back office services, secretarial services, virtual assistant, bookkeeping admin^0.5, virtual office, business address service',
  ],
  [
    '561210',
    'facility management, facilities management, facility services, facilities services, integrated facility management, ifm, building management services, gebaudemanagement, facility manager, gestion installations, gestion multitechnique, facilitair beheer, facilitaire diensten, iss facility, iss a/s, sodexo facilities, cbre gws, jll facilities, apleona, spie, engie solutions, bilfinger, wisag, strabag property, dussmann, atalian, vinci facilities, mitie, serco, reception services, front desk services, mailroom services',
  ],
  [
    '561311',
    'recruitment, recruiting, recruitment agency, recruitment fee, recruitment fees, placement fee, personnel placement, staffing agency^0.6, talent acquisition, personalvermittlung, personalberatung, personalsuche, vermittlungsprovision, headhunting^0.5, recrutement, cabinet recrutement, seleccion personal, reclutamiento, werving selectie, recruitmentbureau, wervingsbureau, job agency, hays, michael page, page group, robert half, robert walters, randstad professional^0.5, kforce',
  ],
  [
    '561312',
    'executive search, headhunter, headhunters, headhunting, search firm, spencer stuart, egon zehnder, heidrick struggles, korn ferry, russell reynolds, kienbaum executive',
  ],
  [
    '561320',
    'temporary staff, temp staff, temporary workers, temp agency, temporary labour, temporary labor, agency workers, agency staff, contractors staffing, staff augmentation, contract staff, interim staff, zeitarbeit, leiharbeit, leiharbeiter, arbeitnehmeruberlassung, personaldienstleister, zeitarbeitsfirma, travail temporaire, interim, interimaire, interimaires, agence interim, trabajo temporal, ett, uitzendkrachten, uitzendbureau, uitzendkracht, detachering, adecco, randstad, manpower, manpowergroup, manpower group, kelly services, gi group, synergie, start people, tempo team, olympia, temps, temp labour',
  ],
  ['561330', 'peo, employer of record, eor services, professional employer organization'],
  ['561410', 'document preparation, typing services, transcription, transcription services, word processing, cv writing'],
  ['561421', 'telephone answering, answering service, virtual receptionist, telefonservice, permanence telephonique'],
  [
    '561422',
    'call center, call centre, contact center, contact centre, customer service outsourcing, telemarketing, callcenter, telesales, inbound calls outsourcing, centre appels, centro llamadas, klantenservice uitbesteding, teleperformance, concentrix, majorel, webhelp, transcom',
  ],
  ['561431', 'mailbox rental, private mailbox, po box'],
  ['561439', 'copy shop, copy centre, copying services, photocopying, printing copy shop, copyshop, reprographics, reprografie, fedex office, kinkos'],
  ['561440', 'debt collection, collection agency, inkasso, inkassobuero, recouvrement, recobro, incasso, incassobureau, collection fees'],
  [
    '561450',
    'credit check, credit bureau, credit rating report, schufa, creditreform, experian, equifax, transunion, creditsafe, coface rating, bonitatsauskunft, credit reports',
  ],
  ['561492', 'court reporting, stenography'],
  [
    '561499',
    'business support services, background checks, background screening, pre employment screening, mystery^0.3, visa services, visa processing, visa fees service, immigration services, relocation support^0.5, lettershop, data entry services, scanning services, document scanning, digitisation services',
  ],
  [
    '561510',
    'travel agency, travel agent, travel management, travel management company, tmc, travel booking fee, booking fee, booking fees, reisebuero, reiseburo, reisebuchung, agence voyage, agence de voyages, agencia viajes, agencia de viajes, reisbureau, reisbureau kosten, american express gbt, amex gbt, amex travel, bcd travel, cwt, carlson wagonlit, fcm travel, egencia, navan, travelperk, hrs booking, expedia, booking.com^0.7, lastminute, opodo, travel fees, ticketing fee, service fee travel',
  ],
  [
    '561520',
    'tour operator, package tour, tour package, pauschalreise, incentive trip, incentive travel, team trip, voyage organise, viaje organizado, georganiseerde reis',
  ],
  ['561599', 'event tickets booking, reservation services, ticketing services, ticket booking, eventbrite fees, ticketmaster^0.5'],
  ['561611', 'investigation services, private investigator, detective, detektei, due diligence investigation'],
  [
    '561612',
    'security services, security guards, security guard, guarding, manned guarding, security staff, event security, patrol services, night watch, wachdienst, sicherheitsdienst, werkschutz, bewachung, objektschutz, gardiennage, agent securite, societe securite, seguridad privada, vigilancia, vigilantes, beveiliging, beveiligingsdienst, bewaking, securitas, g4s, allied universal, prosegur, kotter, stanley security^0.5, loomis^0.4, reception security, concierge security',
  ],
  [
    '561613',
    'cash transport, armored car, armoured transport, cash in transit, geldtransport, transport fonds, transporte fondos, waardetransport, brinks, loomis cash',
  ],
  [
    '561621',
    'alarm monitoring, alarm system service, security systems service, cctv installation, cctv maintenance, access control system, intruder alarm, alarmanlage wartung, videouberwachung, telesurveillance, videovigilancia, alarmopvolging, verisure, adt, fire alarm maintenance, fire alarm service, access control maintenance',
  ],
  ['561622', 'locksmith, key cutting, schlusseldienst, serrurier, cerrajero, slotenmaker'],
  [
    '561710',
    'pest control, pest management, rodent control, vermin control, fumigation, schadlingsbekampfung, kammerjager, deratisation, desinsectisation, control plagas, ongediertebestrijding, rentokil, anticimex, ecolab pest^0.6',
  ],
  [
    '561720',
    'cleaning, cleaning services, office cleaning, cleaning contract, commercial cleaning, janitorial, janitorial services, cleaners, cleaner, window cleaning, deep cleaning, housekeeping services, reinigung, gebaudereinigung, buroreinigung, unterhaltsreinigung, reinigungsdienst, reinigungskraft, glasreinigung, fensterreinigung, reinigungsleistungen, nettoyage, nettoyage bureaux, entretien locaux, societe nettoyage, menage bureaux, limpieza, limpieza oficinas, servicio limpieza, schoonmaak, schoonmaakdienst, schoonmaakbedrijf, glazenwasser, iss cleaning, iss, iss facility services^0.5, iss a/s^0.5, iss netherlands^0.5, atalian cleaning, piepenbrock, dussmann cleaning, sanitary services^0.5, washroom services, hygiene services, initial hygiene, cws, cws boco, sanitary bins, feminine hygiene bins',
  ],
  [
    '561730',
    'landscaping, grounds maintenance, gardening, gardener, garden maintenance, lawn care, tree surgery, tree care, tree felling, hedge cutting, snow removal, snow clearing, winter service, winterdienst, schneeraumung, gartenpflege, gartenbau, grunflachenpflege, garten und landschaftsbau, galabau, baumpflege, entretien espaces verts, paysagiste, elagage, deneigement, jardineria, mantenimiento jardines, poda, hovenier, groenonderhoud, tuinonderhoud, sneeuwruimen, gladheidsbestrijding, plant care, interior landscaping, plant rental, office plant rental',
  ],
  ['561740', 'carpet cleaning, upholstery cleaning, teppichreinigung'],
  [
    '561790',
    'gutter cleaning, chimney sweep, duct cleaning, schornsteinfeger, ramonage, pressure washing building, graffiti removal, facade cleaning, fassadenreinigung',
  ],
  [
    '561910',
    'packaging services, co-packing, copacking, contract packing, labelling services, kitting, lohnverpackung, konfektionierung, conditionnement a facon, envasado por contrato',
  ],
  [
    '561920',
    'trade show, trade fair, exhibition, exhibition stand, booth, trade show booth, stand space, exhibitor fee, exhibitor fees, conference organiser, event organizer, event organiser, event agency, event management, conference registration^0.6, congress, messe, messestand, messebau, ausstellerbeitrag, standmiete, messebeteiligung, kongress, salon professionnel, stand salon, foire, feria, stand feria, congreso, beurs, beursstand, congres, evenementenbureau, messe frankfurt, messe munchen, koelnmesse, reed exhibitions, rx global, informa, comexposium, fira barcelona, ces booth, hannover messe, drupa, bauma, summit registration^0.5, ticket conference^0.5, conference fee^0.6, conference tickets^0.6, registration fee conference^0.6',
  ],
  [
    '561990',
    'support services other, shredding, document shredding, confidential waste shredding, aktenvernichtung, destruction documents, destruccion documentos, shred-it, shredit, reisswolf, dokumentenvernichtung, auction services',
  ],
  [
    '562111',
    'waste collection, waste disposal, refuse collection, rubbish collection, garbage collection, trash collection, bin collection, waste removal, waste management, waste services, general waste, commercial waste, skip hire, skip, skips, container service-waste, mullabfuhr, abfallentsorgung, entsorgung, mullentsorgung, abfall, abfallgebuhren, restmull, gewerbeabfall, collecte dechets, enlevement dechets, dechets, ordures, recogida residuos, gestion residuos, residuos, afvalinzameling, afvalverwerking, afval, bedrijfsafval, containerdienst, veolia, suez, remondis, biffa, renewi, alba group, fcc medio ambiente, urbaser, prezero, waste management inc, republic services, cleanaway, wastes, waste',
  ],
  [
    '562112',
    'hazardous waste collection, special waste collection, sondermull, sonderabfall, dechets dangereux, residuos peligrosos, gevaarlijk afval, chemical waste, clinical waste, medical waste, oil waste collection, battery collection, asbestos removal^0.6, e-waste, weee collection, electronic waste, it recycling',
  ],
  ['562211', 'hazardous waste treatment, hazardous waste disposal, solvent disposal, chemical disposal'],
  ['562212', 'landfill, landfill fees, gate fee landfill, deponie, deponiegebuhr, decharge, vertedero, stortplaats'],
  ['562213', 'incineration, waste incineration, muellverbrennung, mullverbrennung, incineration dechets, incineracion, verbranding afval'],
  [
    '562219',
    'composting, organic waste treatment, food waste collection, green waste, biomull, bioabfall, dechets verts, compostaje, gft afval, anaerobic digestion',
  ],
  [
    '562910',
    'remediation, soil remediation, decontamination, asbestos removal, asbestsanierung, altlastensanierung, depollution, desamiantage, descontaminacion, bodemsanering, asbestsanering, mould remediation',
  ],
  [
    '562920',
    'recycling, recycling services, paper recycling, cardboard recycling, plastic recycling, recycling fees, wertstoff, wertstoffe, altpapier, recyclage, reciclaje, recycling kosten, materials recovery, dual system, gruner punkt, packaging compliance, epr fees, packaging licence fees',
  ],
  ['562991', 'septic tank, grease trap, grease trap cleaning, sewage pumping, fettabscheider, vidange fosse'],
  ['562998', 'drain cleaning, sewer cleaning, kanalreinigung, rohrreinigung, hydro jetting, portable toilet service, dixi'],

  // Education
  [
    '611310',
    'university, tuition, tuition fees, university fees, mba, executive education, studiengebuhren, universitat, hochschule, frais scolarite, universite, matricula, universidad, collegegeld, universiteit, business school, insead, iese, london business school, harvard extension',
  ],
  ['611410', 'business school course, secretarial course'],
  [
    '611420',
    'it training, computer training, software training, excel training, programming course, it certification, aws training, microsoft certification, cisco training, it schulung, edv schulung, formation informatique, formacion informatica, it cursus, pluralsight, udemy business, linkedin learning, coursera, cloud training, codecademy',
  ],
  [
    '611430',
    'training, training course, training courses, staff training, employee training, leadership training, management training, professional development, workshop training, seminar, seminars, webinar^0.5, course fee, course fees, e-learning, elearning, online course, schulung, schulungen, weiterbildung, fortbildung, seminare, seminargebuhr, lehrgang, kurs, kurse, training kosten, formation, formations, formation professionnelle, stage formation, seminaire, formacion, curso, cursos, capacitacion, opleiding, opleidingen, cursus, training cursus, bijscholing, first aid training, first aid course, safety training, fire safety training, forklift training, health safety training, iosh, nebosh, compliance training, sales training, negotiation training, soft skills training, dale carnegie, franklin covey, haufe akademie, tuv akademie, cegos, demos formation',
  ],
  ['611512', 'flight training, pilot training, simulator training'],
  ['611513', 'apprenticeship training, ausbildung, berufsschule, apprentissage'],
  ['611519', 'technical training, welding course, trade school, vocational training, crane operator training'],
  ['611620', 'sports instruction, swimming lessons, yoga classes, fitness classes, sports coaching'],
  [
    '611630',
    'language course, language courses, language school, language training, language lessons, english course, english lessons, german course, german lessons, french course, spanish course, business english, sprachkurs, sprachkurse, sprachschule, sprachunterricht, deutschkurs, englischkurs, cours langue, cours anglais, cours de langue, curso idiomas, curso ingles, clases idiomas, taalcursus, taaltraining, cursus engels, berlitz, babbel, rosetta stone, wall street english, inlingua, goethe institut',
  ],
  ['611691', 'exam preparation, tutoring, nachhilfe, soutien scolaire'],
  [
    '611692',
    'driving school, driving lessons, driving licence training, fahrschule, fahrstunden, auto ecole, autoescuela, rijschool, rijlessen, truck driving licence, cpc driver training',
  ],
  ['611699', 'music lessons, art classes, cooking class, cooking classes'],
  [
    '611710',
    'exam fees, certification exam, examination fees, accreditation fees, testing fees exam, pruefungsgebuehr, prufungsgebuhr, frais examen, tasas examen, examengeld, ielts, toefl, pmp exam, cfa exam, educational consulting',
  ],

  // Health care and social assistance
  [
    '621111',
    'doctor, physician, medical consultation, gp visit, occupational health, occupational physician, company doctor, medical examination, medical exam, health check, health checks, pre employment medical, betriebsarzt, arztkosten, arbeitsmedizin, medecin, medecine du travail, visite medicale, medico, medicina trabajo, reconocimiento medico, huisarts, bedrijfsarts, arbodienst, keuring medisch, vaccination service^0.5',
  ],
  ['621112', 'psychiatrist'],
  ['621210', 'dentist, dental treatment, zahnarzt, dentiste, dentista, tandarts'],
  ['621320', 'optometrist, eye test, eye tests, eye examination, vision screening, sehtest, optiker^0.5, examen vue'],
  [
    '621330',
    'psychologist, counselling, counseling, employee assistance programme, employee assistance program, eap, therapy sessions, mental health support, psychologe, psychologue, psicologo',
  ],
  [
    '621340',
    'physiotherapy, physiotherapist, physical therapy, massage therapy, physiotherapie, kinesitherapie, fisioterapia, fysiotherapie, occupational therapy, ergonomic assessment^0.5',
  ],
  [
    '621511',
    'medical laboratory, blood tests, drug testing, alcohol testing, pcr tests, covid testing, laboratory medical, labor medizin, laboratoire analyses medicales',
  ],
  ['621512', 'x-ray, mri scan, diagnostic imaging, radiology'],
  ['621610', 'home care, home health care, nursing at home, pflegedienst'],
  ['621910', 'ambulance, ambulance service, medical transport, krankentransport, rettungsdienst'],
  ['621999', 'medical services, health services, first aid service, event medical cover, on site nurse, site medic'],
  ['622110', 'hospital, hospital fees, hospital treatment, krankenhaus, klinik, clinique, hopital, hospital privado, ziekenhuis'],
  ['623110', 'nursing home, care home, pflegeheim'],
  ['624110', 'youth services, youth programme'],
  ['624120', 'elderly care services, disability services'],
  ['624190', 'family services, social services'],
  [
    '624410',
    'childcare, child care, daycare, day care, nursery fees, kindergarten, kita, kinderbetreuung, creche, guarderia, kinderopvang, kinderdagverblijf, bright horizons',
  ],

  // Arts, entertainment, recreation
  ['711110', 'theater tickets, theatre tickets, theatertickets, theaterkarten, musical tickets, opera tickets, concert tickets^0.6, show tickets'],
  ['711130', 'band, live band, musicians, dj, dj services, live music'],
  ['711211', 'sports sponsorship, football club, club sponsorship, sportsponsoring, vip tickets sports, season tickets sports, box hire stadium'],
  ['711310', 'event tickets, concert tickets, festival tickets, stadium tickets, konzertkarten, billets concert, entradas concierto'],
  ['711410', 'speaker agency, keynote speaker, speaker fee, speaker fees, celebrity booking, talent agency'],
  [
    '711510',
    'artist fee, artwork commission, freelance writer, copywriting, copywriter, ghostwriter, texter, redacteur, redactor, tekstschrijver, content writing, journalist fee, illustrator freelance, performer fee, moderator fee',
  ],
  ['712110', 'museum, museum tickets, museum entry, museumseintritt'],
  ['713110', 'theme park, amusement park, freizeitpark'],
  ['713910', 'golf, golf course, golf club, green fees, golfclub'],
  [
    '713940',
    'gym, gym membership, fitness, fitness studio, fitness membership, corporate fitness, urban sports club, gympass, wellpass, egym wellpass, hansefit, fitnessstudio, salle sport, gimnasio, sportschool, fitnessabonnement, fitness first, mcfit, basic fit, virgin active, pure gym, david lloyd',
  ],
  [
    '713990',
    'team event, team building, teambuilding, escape room, bowling^0.6, go karting, karting, paintball, recreation activities, betriebsausflug, team activity, teamevent, activite team building, actividad team building, teamuitje, bedrijfsuitje, company outing',
  ],

  // Accommodation and food services
  [
    '721110',
    'hotel, hotels, hotel stay, hotel room, hotel rooms, hotel accommodation, accommodation, lodging, overnight stay, overnight, room night, room nights, hotel booking, hotelkosten, ubernachtung, ubernachtungen, unterkunft, hotelubernachtung, hebergement hotel, nuitee, nuitees, nuit hotel, alojamiento, hospedaje, noche hotel, hotelovernachting, overnachting, overnachtingen, verblijf, marriott, hilton, hyatt, accor, ibis, novotel, mercure, sofitel, pullman, holiday inn, ihg, intercontinental, crowne plaza, radisson, best western, premier inn, travelodge, motel one, nh hotels, nh hotel, melia, sheraton, westin, courtyard marriott, hampton inn, steigenberger, maritim hotel, b&b hotel, b&b hotels, moxy, citizenm, scandic, leonardo hotels, hotel invoice, hotel bill, hotel folio, city tax, tourist tax, kurtaxe, taxe sejour, booking.com hotel, hotels.com, airbnb^0.7, airbnb business',
  ],
  ['721199', 'hostel, guest house, holiday apartment, vacation rental, ferienwohnung, gite'],
  ['721211', 'campsite, campground, camping'],
  ['721214', 'summer camp, holiday camp'],
  ['721310', 'workers accommodation, dormitory, boarding house, monteurzimmer, worker housing'],
  [
    '722310',
    'canteen, canteen services, staff canteen, staff restaurant, cafeteria services, contract catering, food service contract, kantine, betriebskantine, betriebsrestaurant, kantinenbetrieb, cantine, restaurant entreprise, comedor empresa, bedrijfsrestaurant, kantine kosten, sodexo, compass group, eurest, aramark, elior, apetito, vending food service^0.5, meal vouchers^0.5',
  ],
  [
    '722320',
    'catering, caterer, event catering, meeting catering, lunch catering, buffet catering, office lunch, team lunch catering, sandwich platters, canapes, partyservice, catering service, cateringkosten, traiteur, servicio catering, catering bedrijf, cocktail reception, refreshments meeting, coffee break service, coffee breaks, breakfast meeting catering',
  ],
  ['722330', 'food truck, mobile catering'],
  ['722410', 'bar, pub, drinks, bar tab, bar bill, after work drinks, kneipe, cocktails'],
  [
    '722511',
    'restaurant, restaurants, business dinner, business lunch, client dinner, client lunch, team dinner, dinner, lunch, meal, meals, dining, bewirtung, bewirtungskosten, geschaftsessen, abendessen, mittagessen, essen, restaurant rechnung, repas, repas affaires, diner, dejeuner, note restaurant, restauration, comida, comidas, cena, almuerzo, comida negocios, etentje, zakenlunch, zakendiner, lunchkosten, etenskosten, meal allowance^0.5, subsistence, per diem^0.5, working lunch, dinner meeting',
  ],
  [
    '722513',
    'fast food, takeaway, take away, pizza, pizzas, burger, burgers, sandwich shop, mcdonalds, mcdonald’s, burger king, kfc, subway sandwiches, dominos, domino’s pizza, deliveroo, uber eats, ubereats, just eat, lieferando, thuisbezorgd, glovo, wolt, doordash, grubhub, food delivery, lunch delivery, pret a manger, pret, five guys, chipotle, vapiano, wagamama, nandos, lunch order',
  ],
  ['722514', 'cafeteria, buffet restaurant'],
  [
    '722515',
    'coffee shop, cafe visit, starbucks, costa coffee, coffee and snacks, cafe bill, coffee meeting, juice bar, bakery cafe^0.6, dunkin, tim hortons, caffe nero, espresso house, coffee break cafe',
  ],

  // Other services
  [
    '811111',
    'car repair, vehicle repair, auto repair, car service, vehicle service, vehicle servicing, car servicing, van service, truck repair, truck service, fleet maintenance, vehicle maintenance, mot, mot test, inspection vehicle, hu/au, tuv inspection car^0.5, kfz werkstatt, werkstatt, autowerkstatt, reparatur fahrzeug, kfz reparatur, inspektion fahrzeug, garage, garage repair, reparation vehicule, entretien vehicule, revision voiture, taller, reparacion coche, mantenimiento vehiculo, autogarage, onderhoud auto, reparatie auto, apk, kwik fit, atu, euromaster, norauto, feu vert, speedy, halfords autocentre',
  ],
  ['811121', 'body shop, bodywork, paint repair car, accident repair, dent repair, karosserie, carrosserie, chapa y pintura, schadeherstel'],
  [
    '811122',
    'windscreen, windshield, windscreen replacement, windshield repair, autoglass, carglass, safelite, autoglas, pare brise, parabrisas, autoruit, ruitschade',
  ],
  ['811191', 'oil change, lube service, olwechsel, vidange'],
  ['811192', 'car wash, carwash, vehicle washing, truck wash, autowasche, waschanlage, lavage auto, lavado coche, autowasstraat, valeting, car valet'],
  ['811198', 'tyre fitting, tyre change, tyre storage, reifenwechsel, reifeneinlagerung, changement pneus, cambio neumaticos, bandenwissel'],
  [
    '811212',
    'computer repair, laptop repair, printer repair, copier service, copier maintenance, it hardware repair, office machine repair, computerreparatur, druckerreparatur, reparation ordinateur, reparacion ordenador, computer reparatie',
  ],
  ['811213', 'phone repair, radio repair, telecom equipment maintenance'],
  ['811219', 'instrument repair, calibration repair, medical equipment maintenance, lab equipment service, microscope service'],
  [
    '811310',
    'machine repair, machinery repair, equipment repair, equipment maintenance, machine maintenance, machinery maintenance, preventive maintenance, maintenance contract, maintenance service, service contract machine, industrial repair, motor rewinding, pump repair, compressor service, compressor maintenance, forklift repair, forklift service, forklift maintenance, generator maintenance, generator service, crane inspection, crane maintenance, gearbox repair, reparatur maschine, maschinenreparatur, wartung, wartungsvertrag, instandhaltung, instandsetzung, wartungsarbeiten, inspektion^0.5, maintenance industrielle, entretien machines, reparation machine, mantenimiento, mantenimiento maquinaria, reparacion maquinaria, onderhoud, onderhoudscontract, reparatie machine, service visit^0.6, repair^0.5, repairs^0.5, reparatur^0.5, reparation^0.5, reparacion^0.5, reparatie^0.5, maintenance^0.5',
  ],
  ['811411', 'garden equipment repair, mower repair'],
  ['811412', 'appliance repair, fridge repair, dishwasher repair, washing machine repair'],
  ['811420', 'furniture repair, reupholstery, chair repair, polsterei'],
  ['811430', 'shoe repair, cobbler'],
  ['811490', 'watch repair, key service, bicycle repair, bike repair, bike service, fahrradreparatur'],
  ['812112', 'hairdresser, hair salon, friseur, coiffeur, peluqueria, kapper'],
  ['812199', 'spa, wellness, massage, sauna, personal care'],
  ['812210', 'funeral, funeral flowers^0.5, condolence'],
  [
    '812320',
    'laundry, laundry services, dry cleaning, drycleaning, wascherei, reinigung textil, chemische reinigung, blanchisserie, pressing, lavanderia, tintoreria, wasserij, stomerij, uniform laundering',
  ],
  [
    '812331',
    'linen supply, linen service, linen rental, towel service, mat rental, mat service, dust mats, floor mats rental, location linge, alquiler ropa laboral, linnenverhuur, bardusch, elis, cintas, unifirst, alsco, berendsen, textile rental',
  ],
  [
    '812332',
    'industrial laundry, shop towels, industrial launderers, wiper rental, workwear rental, uniform rental, workwear service, mietwasche, berufskleidung miete, mewa',
  ],
  ['812910', 'pet care, dog walking, pet boarding, kennel'],
  ['812921', 'photo printing, photo lab, photofinishing'],
  [
    '812930',
    'parking, parking fees, parking fee, car park, car parking, parking garage, parking ticket, parking tickets, parkgebuhr, parkgebuhren, parkhaus, parkticket, parken, stationnement, parking voiture, aparcamiento, estacionamiento, parkeren, parkeergeld, parkeerkosten, ncp, apcoa, q park, indigo parking, interparking, contipark, easypark, parkmobile, ringgo, paybyphone, justpark',
  ],
  ['812990', 'concierge, personal services, event staff^0.5, wedding services, dating'],
  ['813110', 'church, church donation, religious organization'],
  ['813211', 'foundation grant, charitable foundation'],
  ['813219', 'donation, donations, charity, charitable donation, fundraising, spende, spenden, don, donacion, donaciones, gift charity, gift aid, united way'],
  ['813312', 'conservation donation, wwf, greenpeace, nature conservancy, tree planting donation, environmental charity'],
  ['813319', 'advocacy, ngo'],
  ['813410', 'rotary, lions club, club membership'],
  [
    '813910',
    'membership fees, membership fee, association membership, trade association, business association, chamber commerce, chamber of commerce, ihk, ihk beitrag, handelskammer, industry association, verband, verbandsbeitrag, mitgliedsbeitrag, mitgliedsbeitrage, cotisation, cotisations, chambre commerce, cuota asociacion, cuotas, camara comercio, lidmaatschap, contributie, kamer koophandel, kvk, brancheorganisatie, bdi, vdma, zvei, bitkom, medef, business roundtable, federation industrie, employer association',
  ],
  [
    '813920',
    'professional body, professional membership, professional association, institute membership, engineering institution, chartered institute, bar association, medical association, ieee, acca membership, cima, icaew, cpa society, ingenieurkammer, ordre des experts, colegio profesional, beroepsvereniging, vdi, pmi membership, cips membership, rics, riba, imeche',
  ],
  ['813930', 'union dues, trade union'],
  ['813990', 'standards body, industry consortium, condominium fees, hoa fees, owners association'],
];
