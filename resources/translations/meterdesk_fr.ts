<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AccountsPage</name>
    <message>
        <source>Users, passwords and rights</source>
        <translation>Utilisateurs, mots de passe et droits</translation>
    </message>
    <message>
        <source>Give every account in use its own password and only the rights it needs. Credentials do not expire: disable accounts nobody uses (L1286-L1319).</source>
        <translation>Donnez à chaque compte utilisé son propre mot de passe et seulement les droits dont il a besoin. Les identifiants n&apos;expirent pas&#xa0;: désactivez les comptes que personne n&apos;utilise (L1286-L1319).</translation>
    </message>
    <message>
        <source>Access rights</source>
        <translation>Droits d&apos;accès</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nouveau mot de passe</translation>
    </message>
    <message>
        <source>factory password</source>
        <translation>mot de passe d&apos;usine</translation>
    </message>
    <message>
        <source>own password</source>
        <translation>mot de passe propre</translation>
    </message>
    <message>
        <source>no password</source>
        <translation>aucun mot de passe</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>all rights</source>
        <translation>tous les droits</translation>
    </message>
    <message numerus="yes">
        <source>%n right(s)</source>
        <translation>
            <numerusform>%n droit</numerusform>
            <numerusform>%n droits</numerusform>
        </translation>
    </message>
    <message>
        <source>new password</source>
        <translation>nouveau mot de passe</translation>
    </message>
</context>
<context>
    <name>AccountsPickPage</name>
    <message>
        <source>Devices and accounts</source>
        <translation>Appareils et comptes</translation>
    </message>
    <message>
        <source>The administrator logs in with the password the keyring holds for it. Accounts: numbers such as 1 or 1,2 (USER1, USER2 on an ION7400).</source>
        <translation>L&apos;administrateur se connecte avec le mot de passe que le trousseau conserve pour lui. Comptes&#xa0;: des numéros tels que 1 ou 1,2 (USER1, USER2 sur un ION7400).</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Comptes</translation>
    </message>
</context>
<context>
    <name>AdminPasswordBox</name>
    <message>
        <source>Password of %1:</source>
        <translation>Mot de passe de %1&#xa0;:</translation>
    </message>
    <message>
        <source>Taken from the keyring. </source>
        <translation>Pris dans le trousseau. </translation>
    </message>
</context>
<context>
    <name>AnalysisPane</name>
    <message>
        <source>Open…</source>
        <translation>Ouvrir…</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Récents</translation>
    </message>
    <message>
        <source>Fetch from meter…</source>
        <translation>Récupérer du compteur…</translation>
    </message>
    <message>
        <source> Lanes </source>
        <translation> Pistes </translation>
    </message>
    <message>
        <source>By quantity</source>
        <translation>Par grandeur</translation>
    </message>
    <message>
        <source>By phase</source>
        <translation>Par phase</translation>
    </message>
    <message>
        <source>One per channel</source>
        <translation>Une par voie</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Superposer</translation>
    </message>
    <message>
        <source>Draw a channel of another open record, aligned on the triggers</source>
        <translation>Tracer une voie d&apos;un autre enregistrement ouvert, alignée sur les déclenchements</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <source>Show the whole record</source>
        <translation>Afficher tout l&apos;enregistrement</translation>
    </message>
    <message>
        <source>Primary</source>
        <translation>Primaire</translation>
    </message>
    <message>
        <source>Secondary</source>
        <translation>Secondaire</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <source>View as PNG…</source>
        <translation>Vue en PNG…</translation>
    </message>
    <message>
        <source>View as SVG…</source>
        <translation>Vue en SVG…</translation>
    </message>
    <message>
        <source>Visible data as CSV…</source>
        <translation>Données visibles en CSV…</translation>
    </message>
    <message>
        <source>Visible data as COMTRADE…</source>
        <translation>Données visibles en COMTRADE…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Open a COMTRADE record (.cfg, .cff or .dat): use Open or Recent, drop files here, or fetch the records of a meter.</source>
        <translation>Ouvrez un enregistrement COMTRADE (.cfg, .cff ou .dat)&#xa0;: utilisez Ouvrir ou Récents, déposez des fichiers ici, ou récupérez les enregistrements d&apos;un compteur.</translation>
    </message>
    <message>
        <source>Cursors</source>
        <translation>Curseurs</translation>
    </message>
    <message>
        <source>%d cycle(s) ending at C1</source>
        <translation>%d cycle(s) finissant à C1</translation>
    </message>
    <message>
        <source>Whole cycles from C1 to C2</source>
        <translation>Cycles entiers de C1 à C2</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Voie</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>Untick a channel to hide it; right-click an analog channel to move it to another lane.</source>
        <translation>Décochez une voie pour la masquer&#xa0;; clic droit sur une voie analogique pour la déplacer vers une autre piste.</translation>
    </message>
    <message>
        <source>Phasors</source>
        <translation>Phaseurs</translation>
    </message>
    <message>
        <source>Harmonics</source>
        <translation>Harmoniques</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Voies</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Open COMTRADE records</source>
        <translation>Ouvrir des enregistrements COMTRADE</translation>
    </message>
    <message>
        <source>COMTRADE records (*.cfg *.cff *.dat *.CFG *.CFF *.DAT);;All files (*)</source>
        <translation>Enregistrements COMTRADE (*.cfg *.cff *.dat *.CFG *.CFF *.DAT);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source> (%d of %d)</source>
        <translation> (%d sur %d)</translation>
    </message>
    <message>
        <source>Opening %s%s…</source>
        <translation>Ouverture de %s%s…</translation>
    </message>
    <message>
        <source>Opening cancelled.</source>
        <translation>Ouverture annulée.</translation>
    </message>
    <message>
        <source>%s: %d samples, %s.</source>
        <translation>%s&#xa0;: %d échantillons, %s.</translation>
    </message>
    <message>
        <source>%d reader warning(s), see Record</source>
        <translation>%d avertissement(s) de lecture, voir Enregistrement</translation>
    </message>
    <message>
        <source>no warnings</source>
        <translation>aucun avertissement</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>Vider la liste</translation>
    </message>
    <message>
        <source>No recent records</source>
        <translation>Aucun enregistrement récent</translation>
    </message>
    <message>
        <source>Digital</source>
        <translation>Logique</translation>
    </message>
    <message>
        <source>Lane %d</source>
        <translation>Piste %d</translation>
    </message>
    <message>
        <source>Open a second record to overlay its channels</source>
        <translation>Ouvrez un second enregistrement pour superposer ses voies</translation>
    </message>
    <message>
        <source>Remove overlays</source>
        <translation>Retirer les superpositions</translation>
    </message>
    <message>
        <source>No record open.</source>
        <translation>Aucun enregistrement ouvert.</translation>
    </message>
    <message>
        <source> (1/Δt = %s)</source>
        <translation> (1/Δt = %s)</translation>
    </message>
    <message>
        <source>primary values</source>
        <translation>valeurs primaires</translation>
    </message>
    <message>
        <source>secondary values</source>
        <translation>valeurs secondaires</translation>
    </message>
    <message>
        <source>C1 %s   C2 %s   Δt %s%s   · %s</source>
        <translation>C1 %s   C2 %s   Δt %s%s   · %s</translation>
    </message>
    <message>
        <source>No line frequency: phasors cannot be computed.</source>
        <translation>Pas de fréquence réseau&#xa0;: les phaseurs ne peuvent pas être calculés.</translation>
    </message>
    <message>
        <source>Cursor C1 is outside the record.</source>
        <translation>Le curseur C1 est hors de l&apos;enregistrement.</translation>
    </message>
    <message>
        <source>At C1, one cycle of %s; angles relative to %s.</source>
        <translation>À C1, un cycle à %s&#xa0;; angles par rapport à %s.</translation>
    </message>
    <message>
        <source>No voltage or current channels.</source>
        <translation>Aucune voie de tension ou de courant.</translation>
    </message>
    <message>
        <source>Fundamental %s at %s · THD %.2f %% · %d cycle(s), %s to %s</source>
        <translation>Fondamental %s à %s · THD&#xa0;%.2f %% · %d cycle(s), de %s à %s</translation>
    </message>
    <message>
        <source>Analog</source>
        <translation>Analogique</translation>
    </message>
    <message>
        <source>Move to lane</source>
        <translation>Déplacer vers la piste</translation>
    </message>
    <message>
        <source>New lane</source>
        <translation>Nouvelle piste</translation>
    </message>
    <message>
        <source>%s after the first sample</source>
        <translation>%s après le premier échantillon</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>File: %s</source>
        <translation>Fichier&#xa0;: %s</translation>
    </message>
    <message>
        <source>Station: %s   Device: %s</source>
        <translation>Poste&#xa0;: %s   Appareil&#xa0;: %s</translation>
    </message>
    <message>
        <source>Revision: %s   Format: %s</source>
        <translation>Révision&#xa0;: %s   Format&#xa0;: %s</translation>
    </message>
    <message>
        <source>Line frequency: %s Hz   Sampling: %s</source>
        <translation>Fréquence réseau&#xa0;: %s Hz   Échantillonnage&#xa0;: %s</translation>
    </message>
    <message>
        <source>Samples: %s   Duration: %s</source>
        <translation>Échantillons&#xa0;: %s   Durée&#xa0;: %s</translation>
    </message>
    <message>
        <source>Start: %s</source>
        <translation>Début&#xa0;: %s</translation>
    </message>
    <message>
        <source>Trigger: %s (%s)</source>
        <translation>Déclenchement&#xa0;: %s (%s)</translation>
    </message>
    <message>
        <source>Channels: %d analog, %d digital</source>
        <translation>Voies&#xa0;: %d analogiques, %d logiques</translation>
    </message>
    <message>
        <source>No primary/secondary factors (shown as recorded): %s</source>
        <translation>Pas de facteurs primaire/secondaire (affichées telles qu&apos;enregistrées)&#xa0;: %s</translation>
    </message>
    <message>
        <source>Reader warnings (%d):</source>
        <translation>Avertissements de lecture (%d)&#xa0;:</translation>
    </message>
    <message>
        <source>Open a record first.</source>
        <translation>Ouvrez d&apos;abord un enregistrement.</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Image PNG (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>Dessin SVG (*.svg)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>Tableau CSV (*.csv)</translation>
    </message>
    <message>
        <source>COMTRADE (*.cfg);;COMTRADE single file (*.cff)</source>
        <translation>COMTRADE (*.cfg);;COMTRADE fichier unique (*.cff)</translation>
    </message>
    <message>
        <source>Cannot write %s.</source>
        <translation>Impossible d&apos;écrire %s.</translation>
    </message>
    <message>
        <source>Saved the view to %s.</source>
        <translation>Vue enregistrée dans %s.</translation>
    </message>
    <message>
        <source>An export is already running.</source>
        <translation>Un export est déjà en cours.</translation>
    </message>
    <message>
        <source>Exporting %s…</source>
        <translation>Export de %s…</translation>
    </message>
    <message>
        <source>Wrote %d samples to %s.</source>
        <translation>%d échantillons écrits dans %s.</translation>
    </message>
    <message>
        <source>meter</source>
        <translation>compteur</translation>
    </message>
    <message>
        <source>%s is connected over a serial line: COMTRADE records can only be downloaded over Ethernet. Enter the meter&apos;s IP address.</source>
        <translation>%s est raccordé par une liaison série&#xa0;: les enregistrements COMTRADE ne se téléchargent que par Ethernet. Saisissez l&apos;adresse IP du compteur.</translation>
    </message>
</context>
<context>
    <name>ApplyManyWizard</name>
    <message>
        <source>Apply a security configuration to many devices</source>
        <translation>Appliquer une configuration de sécurité à plusieurs appareils</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Résultats</translation>
    </message>
</context>
<context>
    <name>ApplyPage</name>
    <message>
        <source>Apply and save</source>
        <translation>Appliquer et enregistrer</translation>
    </message>
    <message>
        <source>Press Apply to send the changes. Then save the security configuration to reuse it on other devices.</source>
        <translation>Appuyez sur Appliquer pour envoyer les modifications. Enregistrez ensuite la configuration de sécurité pour la réutiliser sur d&apos;autres appareils.</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <source>Save security configuration…</source>
        <translation>Enregistrer la configuration de sécurité…</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>Application…</translation>
    </message>
    <message>
        <source>Save security configuration</source>
        <translation>Enregistrer la configuration de sécurité</translation>
    </message>
    <message>
        <source>Security configuration (*.scf)</source>
        <translation>Configuration de sécurité (*.scf)</translation>
    </message>
</context>
<context>
    <name>AttachedTable</name>
    <message>
        <source>Slot</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>N° de série</translation>
    </message>
    <message>
        <source>Devices the gateway&apos;s settings enable (SG manual L211-L213):</source>
        <translation>Appareils activés par les réglages de la passerelle (manuel SG L211-L213)&#xa0;:</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>unknown device</source>
        <translation>appareil inconnu</translation>
    </message>
</context>
<context>
    <name>AuditLogTab</name>
    <message>
        <source>Import syslog export…</source>
        <translation>Importer un export syslog…</translation>
    </message>
    <message>
        <source>Security events only</source>
        <translation>Événements de sécurité seulement</translation>
    </message>
    <message>
        <source>No audit log imported.</source>
        <translation>Aucun journal d&apos;audit importé.</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravité</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Lines that could not be read</source>
        <translation>Lignes illisibles</translation>
    </message>
    <message>
        <source>Import syslog export</source>
        <translation>Importer un export syslog</translation>
    </message>
    <message>
        <source>Syslog export (*.log *.txt *.syslog);;All files (*)</source>
        <translation>Export syslog (*.log *.txt *.syslog);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>{name}: {events} events, {security} security events, {problems} unreadable lines</source>
        <translation>{name}&#xa0;: {events} événements, {security} événements de sécurité, {problems} lignes illisibles</translation>
    </message>
    <message>
        <source>Security event</source>
        <translation>Événement de sécurité</translation>
    </message>
</context>
<context>
    <name>BranchGrid</name>
    <message>
        <source>Circuit</source>
        <translation>Circuit</translation>
    </message>
    <message>
        <source>Panel</source>
        <translation>Tableau</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Breaker (A)</source>
        <translation>Disjoncteur (A)</translation>
    </message>
    <message>
        <source>Current (A)</source>
        <translation>Courant (A)</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Power (kW)</source>
        <translation>Puissance (kW)</translation>
    </message>
    <message>
        <source>PF</source>
        <translation>FP</translation>
    </message>
    <message>
        <source>Demand (A)</source>
        <translation>Demande (A)</translation>
    </message>
    <message>
        <source>Demand (kW)</source>
        <translation>Demande (kW)</translation>
    </message>
    <message>
        <source>Max demand (A)</source>
        <translation>Demande max (A)</translation>
    </message>
    <message>
        <source>HH latched</source>
        <translation>HH mémorisé</translation>
    </message>
    <message>
        <source>H latched</source>
        <translation>H mémorisé</translation>
    </message>
    <message>
        <source>L latched</source>
        <translation>L mémorisé</translation>
    </message>
    <message>
        <source>LL latched</source>
        <translation>LL mémorisé</translation>
    </message>
    <message>
        <source>off latched</source>
        <translation>coupure mémorisée</translation>
    </message>
    <message>
        <source>high</source>
        <translation>haut</translation>
    </message>
    <message>
        <source>low</source>
        <translation>bas</translation>
    </message>
    <message>
        <source>logical circuit &apos;%s&apos;: write circuit numbers joined by &apos;-&apos;, e.g. 1-3-5</source>
        <translation>circuit logique «&#xa0;%s&#xa0;»&#xa0;: écrivez des numéros de circuits reliés par «&#xa0;-&#xa0;», p. ex. 1-3-5</translation>
    </message>
    <message>
        <source>Filter: circuit, phase or alarm</source>
        <translation>Filtre&#xa0;: circuit, phase ou alarme</translation>
    </message>
    <message>
        <source>Alarms only</source>
        <translation>Alarmes seulement</translation>
    </message>
    <message>
        <source>Logical circuits, e.g. 1-3-5, 2-4</source>
        <translation>Circuits logiques, p. ex. 1-3-5, 2-4</translation>
    </message>
    <message>
        <source>Adjacent channels metered as one multi-phase load (1 to 3 channels, same panel); board-wide circuit numbers</source>
        <translation>Voies adjacentes mesurées comme une seule charge polyphasée (1 à 3 voies, même tableau)&#xa0;; numéros de circuits de toute la carte</translation>
    </message>
    <message>
        <source>{circuits} circuits, {alarm} in alarm, {warning} with a warning</source>
        <translation>{circuits} circuits, {alarm} en alarme, {warning} en avertissement</translation>
    </message>
    <message>
        <source> — stale: {reason}</source>
        <translation> — périmé&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>Mains, panel %s</source>
        <translation>Arrivée, tableau %s</translation>
    </message>
    <message>
        <source>Mains %s</source>
        <translation>Arrivée %s</translation>
    </message>
    <message>
        <source>Trend the current of circuit %s</source>
        <translation>Tracer la tendance du courant du circuit %s</translation>
    </message>
    <message>
        <source>above %s %s A</source>
        <translation>au-dessus de %s %s A</translation>
    </message>
    <message>
        <source>below %s %s A</source>
        <translation>en dessous de %s %s A</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
</context>
<context>
    <name>BurstDepth</name>
    <message>
        <source>Burst recorder calculator</source>
        <translation>Calcul de l&apos;enregistreur en rafale</translation>
    </message>
    <message>
        <source>Records = 2 × frequency × seconds; a burst is pre + post + 1 records; depths hold whole bursts.</source>
        <translation>Enregistrements = 2 × fréquence × secondes&#xa0;; une rafale compte avant + après + 1 enregistrements&#xa0;; les profondeurs contiennent des rafales entières.</translation>
    </message>
    <message>
        <source>Before the trigger</source>
        <translation>Avant le déclenchement</translation>
    </message>
    <message>
        <source>After the trigger</source>
        <translation>Après le déclenchement</translation>
    </message>
    <message>
        <source>Bursts to keep</source>
        <translation>Rafales à conserver</translation>
    </message>
    <message>
        <source>Bursts buffered in RAM</source>
        <translation>Rafales en mémoire vive</translation>
    </message>
    <message>
        <source>At %s Hz (%s records/s): &lt;b&gt;%d pre + %d post&lt;/b&gt; records, %d per burst; depth &lt;b&gt;%d&lt;/b&gt;, buffer depth &lt;b&gt;%d&lt;/b&gt;</source>
        <translation>À %s Hz (%s enregistrements/s)&#xa0;: &lt;b&gt;%d avant + %d après&lt;/b&gt;, %d par rafale&#xa0;; profondeur &lt;b&gt;%d&lt;/b&gt;, profondeur du tampon &lt;b&gt;%d&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>CalculatorBox</name>
    <message>
        <source>Use</source>
        <translation>Utiliser</translation>
    </message>
    <message>
        <source>From the manual: %s</source>
        <translation>D&apos;après le manuel&#xa0;: %s</translation>
    </message>
</context>
<context>
    <name>CertificateChangedDialog</name>
    <message>
        <source>Certificate changed</source>
        <translation>Certificat modifié</translation>
    </message>
    <message>
        <source>&lt;b&gt;The TLS certificate of %s:%d has changed.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Le certificat TLS de %s:%d a changé.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>MeterDesk refused the connection and sent nothing. A certificate changes when the device is replaced, reset or gets a new certificate, but also when another machine answers in its place. Trust the new certificate only if you can confirm its fingerprint on the device itself.</source>
        <translation>MeterDesk a refusé la connexion et n&apos;a rien envoyé. Un certificat change quand l&apos;appareil est remplacé, réinitialisé ou reçoit un nouveau certificat, mais aussi quand une autre machine répond à sa place. Ne faites confiance au nouveau certificat que si vous pouvez confirmer son empreinte sur l&apos;appareil lui-même.</translation>
    </message>
    <message>
        <source>Pinned (SHA-256)</source>
        <translation>Épinglé (SHA-256)</translation>
    </message>
    <message>
        <source>Offered now (SHA-256)</source>
        <translation>Présenté maintenant (SHA-256)</translation>
    </message>
    <message>
        <source>Offered subject</source>
        <translation>Sujet présenté</translation>
    </message>
    <message>
        <source>Offered valid until</source>
        <translation>Présenté, valide jusqu&apos;au</translation>
    </message>
    <message>
        <source>I have checked the new fingerprint with the device</source>
        <translation>J&apos;ai vérifié la nouvelle empreinte sur l&apos;appareil</translation>
    </message>
    <message>
        <source>Keep refusing</source>
        <translation>Continuer à refuser</translation>
    </message>
    <message>
        <source>Trust the new certificate</source>
        <translation>Faire confiance au nouveau certificat</translation>
    </message>
</context>
<context>
    <name>ChangeLogDialog</name>
    <message>
        <source>Change log</source>
        <translation>Journal des modifications</translation>
    </message>
    <message>
        <source>Only %s</source>
        <translation>Seulement %s</translation>
    </message>
    <message>
        <source>Only this device</source>
        <translation>Seulement cet appareil</translation>
    </message>
    <message>
        <source>Kept in %s</source>
        <translation>Conservé dans %s</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Réglage</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>Ancien</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nouveau</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Où</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>%d change(s)</source>
        <translation>%d modification(s)</translation>
    </message>
    <message>
        <source>%d change(s) exported to %s</source>
        <translation>%d modification(s) exportée(s) vers %s</translation>
    </message>
    <message>
        <source>Export change log</source>
        <translation>Exporter le journal des modifications</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>ChannelTable</name>
    <message>
        <source>Channel</source>
        <translation>Voie</translation>
    </message>
    <message>
        <source>High (A)</source>
        <extracomment>Extra read-only columns computed from the edited values: (profile, family) → (headers, deriver).</extracomment>
        <translation>Haut (A)</translation>
    </message>
    <message>
        <source>Low (A)</source>
        <translation>Bas (A)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
</context>
<context>
    <name>CommissioningTab</name>
    <message>
        <source>Open</source>
        <translation>Ouvert</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>Réussi</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>Sans objet</translation>
    </message>
    <message>
        <source>Site:</source>
        <translation>Site&#xa0;:</translation>
    </message>
    <message>
        <source>Switchboard:</source>
        <translation>Tableau&#xa0;:</translation>
    </message>
    <message>
        <source>Serial number:</source>
        <translation>Numéro de série&#xa0;:</translation>
    </message>
    <message>
        <source>Firmware:</source>
        <translation>Logiciel embarqué&#xa0;:</translation>
    </message>
    <message>
        <source>Engineer:</source>
        <translation>Ingénieur&#xa0;:</translation>
    </message>
    <message>
        <source>Witness:</source>
        <translation>Témoin&#xa0;:</translation>
    </message>
    <message>
        <source>Report header</source>
        <translation>En-tête du rapport</translation>
    </message>
    <message>
        <source>The switchboard holds wireless devices (adds the configuration steps)</source>
        <translation>Le tableau comporte des appareils sans fil (ajoute les étapes de configuration)</translation>
    </message>
    <message>
        <source>Export FAT report…</source>
        <translation>Exporter le rapport FAT…</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Remarque</translation>
    </message>
    <message>
        <source>Guide: %s</source>
        <translation>Guide&#xa0;: %s</translation>
    </message>
    <message>
        <source>Expect: %s</source>
        <translation>Attendu&#xa0;: %s</translation>
    </message>
    <message>
        <source>Unclear in the guide: %s</source>
        <translation>Peu clair dans le guide&#xa0;: %s</translation>
    </message>
    <message>
        <source>Verdict: passed</source>
        <translation>Verdict&#xa0;: réussi</translation>
    </message>
    <message>
        <source>Verdict: failed ({count} of {total} steps failed)</source>
        <translation>Verdict&#xa0;: échec ({count} étapes sur {total} en échec)</translation>
    </message>
    <message>
        <source>Verdict: incomplete ({count} of {total} steps open)</source>
        <translation>Verdict&#xa0;: incomplet ({count} étapes sur {total} ouvertes)</translation>
    </message>
    <message>
        <source>Export FAT report</source>
        <translation>Exporter le rapport FAT</translation>
    </message>
    <message>
        <source>HTML page (*.html);;PDF document (*.pdf)</source>
        <translation>Page HTML (*.html);;Document PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Factory Acceptance Test report</source>
        <translation>Rapport d&apos;essais de réception en usine (FAT)</translation>
    </message>
    <message>
        <source>FAT report written to %s</source>
        <translation>Rapport FAT écrit dans %s</translation>
    </message>
</context>
<context>
    <name>ConnectionPane</name>
    <message>
        <source>Modbus TCP (unencrypted)</source>
        <translation>Modbus TCP (non chiffré)</translation>
    </message>
    <message>
        <source>Modbus/TCP Security (TLS)</source>
        <translation>Modbus/TCP Security (TLS)</translation>
    </message>
    <message>
        <source>Modbus RTU (serial)</source>
        <translation>Modbus RTU (série)</translation>
    </message>
    <message>
        <source>Modbus RTU over TCP (unencrypted)</source>
        <translation>Modbus RTU sur TCP (non chiffré)</translation>
    </message>
    <message>
        <source>Device and link</source>
        <translation>Appareil et liaison</translation>
    </message>
    <message>
        <source>New device</source>
        <translation>Nouvel appareil</translation>
    </message>
    <message>
        <source>optional PEM file</source>
        <translation>fichier PEM facultatif</translation>
    </message>
    <message>
        <source>its private key (PEM)</source>
        <translation>sa clé privée (PEM)</translation>
    </message>
    <message>
        <source>e.g. COM3 or /dev/ttyUSB0</source>
        <translation>p. ex. COM3 ou /dev/ttyUSB0</translation>
    </message>
    <message>
        <source>Ports are listed as adapters are plugged in or out</source>
        <translation>Les ports sont listés à mesure que des adaptateurs sont branchés ou débranchés</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>Certificat client</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>Clé client</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>Port série</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Vitesse de transmission</translation>
    </message>
    <message>
        <source>Parity</source>
        <translation>Parité</translation>
    </message>
    <message>
        <source>Stop bits</source>
        <translation>Bits d&apos;arrêt</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Liaison</translation>
    </message>
    <message>
        <source>Unit id</source>
        <translation>ID unité</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Délai d&apos;attente</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Connecter</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Déconnecter</translation>
    </message>
    <message>
        <source>Test link</source>
        <translation>Tester la liaison</translation>
    </message>
    <message>
        <source>Send 20 light requests and update the round-trip times</source>
        <translation>Envoyer 20 requêtes légères et mettre à jour les temps d&apos;aller-retour</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Non connecté.</translation>
    </message>
    <message>
        <source>Device identity</source>
        <translation>Identité de l&apos;appareil</translation>
    </message>
    <message>
        <source>Vendor</source>
        <translation>Fabricant</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>Numéro de série</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>Logiciel embarqué</translation>
    </message>
    <message>
        <source>Meter name</source>
        <translation>Nom du compteur</translation>
    </message>
    <message>
        <source>Identified by</source>
        <translation>Identifié par</translation>
    </message>
    <message>
        <source>Connection health</source>
        <translation>État de la connexion</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requêtes</translation>
    </message>
    <message>
        <source>Responses</source>
        <translation>Réponses</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Erreurs</translation>
    </message>
    <message>
        <source>Round trip last / mean / max</source>
        <translation>Aller-retour dernier / moyen / max</translation>
    </message>
    <message>
        <source>Reconnections</source>
        <translation>Reconnexions</translation>
    </message>
    <message>
        <source>Whole link (all units)</source>
        <translation>Liaison entière (toutes les unités)</translation>
    </message>
    <message>
        <source>Bytes sent / received</source>
        <translation>Octets envoyés / reçus</translation>
    </message>
    <message>
        <source>TLS certificate</source>
        <translation>Certificat TLS</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Choose a PEM file</source>
        <translation>Choisir un fichier PEM</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>Fichiers PEM (*.pem *.crt *.key);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>%s was unplugged.</source>
        <translation>%s a été débranché.</translation>
    </message>
    <message>
        <source>Plugged in: %s</source>
        <translation>Branché&#xa0;: %s</translation>
    </message>
    <message>
        <source>Connecting to %s…</source>
        <translation>Connexion à %s…</translation>
    </message>
    <message>
        <source>Connected to %s.</source>
        <translation>Connecté à %s.</translation>
    </message>
    <message>
        <source>Link lost, reconnecting: %s</source>
        <translation>Liaison perdue, reconnexion&#xa0;: %s</translation>
    </message>
    <message>
        <source> (next try in %.0f s)</source>
        <translation> (prochain essai dans&#xa0;%.0f s)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>%d requests, %d errors</source>
        <translation>%d requêtes, %d erreurs</translation>
    </message>
    <message>
        <source>none: plain Modbus is not encrypted</source>
        <translation>aucun&#xa0;: le Modbus simple n&apos;est pas chiffré</translation>
    </message>
</context>
<context>
    <name>CountersTable</name>
    <message>
        <source>Counter</source>
        <translation>Compteur</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Sens</translation>
    </message>
    <message>
        <source>Exponent</source>
        <translation>Exposant</translation>
    </message>
    <message>
        <source>Resettable</source>
        <translation>Remise à zéro possible</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
    <message>
        <source>%s (no unit set)</source>
        <translation>%s (aucune unité définie)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
</context>
<context>
    <name>CursorTable</name>
    <message>
        <source>Channel</source>
        <translation>Voie</translation>
    </message>
    <message>
        <source>RMS C1</source>
        <translation>Eff. C1</translation>
    </message>
    <message>
        <source>RMS C2</source>
        <translation>Eff. C2</translation>
    </message>
</context>
<context>
    <name>DecommissionWizard</name>
    <message>
        <source>%1 has no decommissioning steps in MeterDesk</source>
        <translation>%1 n&apos;a pas d&apos;étapes de mise hors service dans MeterDesk</translation>
    </message>
    <message>
        <source>Decommission %1</source>
        <translation>Mise hors service de %1</translation>
    </message>
    <message>
        <source>The wipe is not complete: the meter&apos;s passwords stay in the keyring.</source>
        <translation>L&apos;effacement n&apos;est pas terminé&#xa0;: les mots de passe du compteur restent dans le trousseau.</translation>
    </message>
    <message>
        <source>Wipe complete. %1 password(s) of this meter removed from the keyring.</source>
        <translation>Effacement terminé. %1 mot(s) de passe de ce compteur retiré(s) du trousseau.</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fait</translation>
    </message>
    <message>
        <source>not done</source>
        <translation>non fait</translation>
    </message>
    <message>
        <source>Decommissioning: %1</source>
        <translation>Mise hors service&#xa0;: %1</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Manuel</translation>
    </message>
</context>
<context>
    <name>DeviceDialog</name>
    <message>
        <source>Edit device</source>
        <translation>Modifier l&apos;appareil</translation>
    </message>
    <message>
        <source>Add device to %s</source>
        <translation>Ajouter un appareil à %s</translation>
    </message>
    <message>
        <source>(not chosen yet)</source>
        <translation>(pas encore choisi)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Unit id</source>
        <translation>ID unité</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Last identified as</source>
        <translation>Dernière identification</translation>
    </message>
    <message>
        <source>&apos;%s&apos; already has unit %d (&apos;%s&apos;)</source>
        <translation>«&#xa0;%s&#xa0;» a déjà l&apos;unité %d («&#xa0;%s&#xa0;»)</translation>
    </message>
</context>
<context>
    <name>DevicePicker</name>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Cocher</translation>
    </message>
</context>
<context>
    <name>DeviceTree</name>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Liaison</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>RS-485 line: %s</source>
        <translation>Ligne RS-485&#xa0;: %s</translation>
    </message>
    <message>
        <source>%s: Modbus/TCP Security (TLS), server certificate pinned on first use</source>
        <translation>%s&#xa0;: Modbus/TCP Security (TLS), certificat du serveur épinglé à la première utilisation</translation>
    </message>
    <message>
        <source>%s: plain Modbus TCP, traffic is not encrypted (the manuals advise segmented networks or an encrypted tunnel)</source>
        <translation>%s&#xa0;: Modbus TCP simple, le trafic n&apos;est pas chiffré (les manuels conseillent des réseaux segmentés ou un tunnel chiffré)</translation>
    </message>
    <message>
        <source>no profile</source>
        <translation>aucun profil</translation>
    </message>
    <message>
        <source>(unencrypted)</source>
        <translation>(non chiffré)</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>non connecté</translation>
    </message>
    <message>
        <source>Last identified as %s (%s)</source>
        <translation>Identifié en dernier comme %s (%s)</translation>
    </message>
    <message>
        <source>Plain Modbus: traffic is not encrypted</source>
        <translation>Modbus simple&#xa0;: le trafic n&apos;est pas chiffré</translation>
    </message>
    <message>
        <source>Not saved in the project: drag a device onto a site to keep it</source>
        <translation>Non enregistré dans le projet&#xa0;: faites glisser un appareil sur un site pour le conserver</translation>
    </message>
</context>
<context>
    <name>DeviceValue</name>
    <message>
        <source>The edited value differs from the device</source>
        <translation>La valeur modifiée diffère de celle de l&apos;appareil</translation>
    </message>
</context>
<context>
    <name>DevicesPanel</name>
    <message>
        <source>MeterDesk projects (*.mdproj);;All files (*)</source>
        <translation>Projets MeterDesk (*.mdproj);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Add a site: a serial line, a TCP device or a gateway</source>
        <translation>Ajouter un site&#xa0;: une ligne série, un appareil TCP ou une passerelle</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>Add a device to the selected site</source>
        <translation>Ajouter un appareil au site sélectionné</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Rechercher…</translation>
    </message>
    <message>
        <source>Scan a serial bus or the network for devices</source>
        <translation>Rechercher des appareils sur un bus série ou le réseau</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>%s (not saved)</source>
        <translation>%s (non enregistré)</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Ouvrir un projet</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>Impossible d&apos;ouvrir le projet</translation>
    </message>
    <message>
        <source>Opened %s</source>
        <translation>%s ouvert</translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation>Enregistrer le projet sous</translation>
    </message>
    <message>
        <source>Cannot save the project</source>
        <translation>Impossible d&apos;enregistrer le projet</translation>
    </message>
    <message>
        <source>Saved %s</source>
        <translation>%s enregistré</translation>
    </message>
    <message>
        <source>Export project</source>
        <translation>Exporter le projet</translation>
    </message>
    <message>
        <source>Cannot export the project</source>
        <translation>Impossible d&apos;exporter le projet</translation>
    </message>
    <message>
        <source>Exported to %s</source>
        <translation>Exporté vers %s</translation>
    </message>
    <message>
        <source>Import sites from a project</source>
        <translation>Importer des sites d&apos;un projet</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>Importation impossible</translation>
    </message>
    <message>
        <source>Imported %d site(s) from %s</source>
        <translation>%d site(s) importé(s) de %s</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <source>Save the changes to %s?</source>
        <translation>Enregistrer les modifications de %s&#xa0;?</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>Aucun projet récent</translation>
    </message>
    <message>
        <source>Cannot add the site</source>
        <translation>Impossible d&apos;ajouter le site</translation>
    </message>
    <message>
        <source>Cannot rename the site</source>
        <translation>Impossible de renommer le site</translation>
    </message>
    <message>
        <source>A site named %r exists already.</source>
        <translation>Un site nommé %r existe déjà.</translation>
    </message>
    <message>
        <source>Cannot add the device</source>
        <translation>Impossible d&apos;ajouter l&apos;appareil</translation>
    </message>
    <message>
        <source>Remove site</source>
        <translation>Retirer le site</translation>
    </message>
    <message>
        <source>Remove %s and its %d device(s) from the project?</source>
        <translation>Retirer %s et ses %d appareil(s) du projet&#xa0;?</translation>
    </message>
    <message>
        <source>Some devices were not moved</source>
        <translation>Certains appareils n&apos;ont pas été déplacés</translation>
    </message>
    <message>
        <source>Last identified as %s (%s)</source>
        <translation>Identifié en dernier comme %s (%s)</translation>
    </message>
    <message>
        <source>Add device…</source>
        <translation>Ajouter un appareil…</translation>
    </message>
    <message>
        <source>Find devices on this site…</source>
        <translation>Rechercher des appareils sur ce site…</translation>
    </message>
    <message>
        <source>Edit site…</source>
        <translation>Modifier le site…</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Connecter</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Déconnecter</translation>
    </message>
    <message>
        <source>Edit device…</source>
        <translation>Modifier l&apos;appareil…</translation>
    </message>
    <message>
        <source>Remove device</source>
        <translation>Retirer l&apos;appareil</translation>
    </message>
    <message>
        <source>Keep in the project</source>
        <translation>Conserver dans le projet</translation>
    </message>
</context>
<context>
    <name>DiffView</name>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Modifié</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>to</source>
        <translation>à</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Réglage</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>To</source>
        <translation>À</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>Nothing to compare: no %s configuration</source>
        <translation>Rien à comparer&#xa0;: pas de configuration %s</translation>
    </message>
    <message>
        <source>Different device models</source>
        <translation>Modèles d&apos;appareils différents</translation>
    </message>
    <message>
        <source>%d setting(s) differ</source>
        <translation>%d réglage(s) différent(s)</translation>
    </message>
    <message>
        <source>No differences</source>
        <translation>Aucune différence</translation>
    </message>
</context>
<context>
    <name>FetchRecordsDialog</name>
    <message>
        <source>Fetch COMTRADE records from %s</source>
        <translation>Récupérer les enregistrements COMTRADE de %s</translation>
    </message>
    <message>
        <source>meter IP address or name</source>
        <translation>adresse IP ou nom du compteur</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <source>SFTP port</source>
        <translation>Port SFTP</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>List records</source>
        <translation>Lister les enregistrements</translation>
    </message>
    <message>
        <source>Trust the new host key</source>
        <translation>Faire confiance à la nouvelle clé d&apos;hôte</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Download new</source>
        <translation>Télécharger les nouveaux</translation>
    </message>
    <message>
        <source>Download all</source>
        <translation>Tout télécharger</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Remember the password in the system keyring</source>
        <translation>Mémoriser le mot de passe dans le trousseau du système</translation>
    </message>
    <message>
        <source>Remember the password for this session only</source>
        <translation>Mémoriser le mot de passe pour cette session seulement</translation>
    </message>
    <message>
        <source>No system keyring: %s. Passwords are never written to files.</source>
        <translation>Pas de trousseau système&#xa0;: %s. Les mots de passe ne sont jamais écrits dans des fichiers.</translation>
    </message>
    <message>
        <source>Enter the meter&apos;s address.</source>
        <translation>Saisissez l&apos;adresse du compteur.</translation>
    </message>
    <message>
        <source>Connecting to %s…</source>
        <translation>Connexion à %s…</translation>
    </message>
    <message>
        <source>%d record(s) on the meter, %d new.</source>
        <translation>%d enregistrement(s) sur le compteur, %d nouveau(x).</translation>
    </message>
    <message>
        <source>No new records: everything is already downloaded.</source>
        <translation>Aucun nouvel enregistrement&#xa0;: tout est déjà téléchargé.</translation>
    </message>
    <message>
        <source>Downloading %d record(s)…</source>
        <translation>Téléchargement de %d enregistrement(s)…</translation>
    </message>
    <message>
        <source>Downloaded %d record(s) into %s.</source>
        <translation>%d enregistrement(s) téléchargé(s) dans %s.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>downloaded</source>
        <translation>téléchargé</translation>
    </message>
    <message>
        <source>new</source>
        <translation>nouveau</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Security configuration file</source>
        <translation>Fichier de configuration de sécurité</translation>
    </message>
    <message>
        <source>Open a .scf file saved by the set-up wizard. Its passwords, if it holds any, need the passphrase it was saved with.</source>
        <translation>Ouvrez un fichier .scf enregistré par l&apos;assistant de configuration. Ses mots de passe, s&apos;il en contient, demandent la phrase secrète utilisée pour l&apos;enregistrer.</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Ouvrir…</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Phrase secrète</translation>
    </message>
    <message>
        <source>Open security configuration</source>
        <translation>Ouvrir une configuration de sécurité</translation>
    </message>
    <message>
        <source>Security configuration (*.scf)</source>
        <translation>Configuration de sécurité (*.scf)</translation>
    </message>
    <message>
        <source>For %1, saved %2%3.</source>
        <translation>Pour %1, enregistrée le %2%3.</translation>
    </message>
    <message>
        <source>; passwords encrypted</source>
        <translation>&#xa0;; mots de passe chiffrés</translation>
    </message>
    <message>
        <source>; no passwords</source>
        <translation>&#xa0;; sans mots de passe</translation>
    </message>
</context>
<context>
    <name>FleetBox</name>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Liaison</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Avancement</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Devices on their own TCP connections upgraded at once; a serial line always takes one device at a time</source>
        <translation>Les appareils ayant leur propre connexion TCP sont mis à niveau en même temps&#xa0;; une ligne série traite toujours un appareil à la fois</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>TCP devices at once</source>
        <translation>appareils TCP en même temps</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminé</translation>
    </message>
    <message>
        <source>firmware %1 → %2</source>
        <translation>logiciel embarqué %1 → %2</translation>
    </message>
    <message>
        <source>%1 of %2 devices upgraded or up to date</source>
        <translation>%1 appareils sur %2 mis à niveau ou à jour</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
</context>
<context>
    <name>FrameModel</name>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>Dir</source>
        <translation>Sens</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <source>Exception</source>
        <translation>Exception</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Octets</translation>
    </message>
    <message>
        <source>Frame (hex)</source>
        <translation>Trame (hex)</translation>
    </message>
</context>
<context>
    <name>GroupPage</name>
    <message>
        <source>any of the options</source>
        <translation>toute combinaison des options</translation>
    </message>
    <message>
        <source>text, up to %d bytes</source>
        <translation>texte, jusqu&apos;à %d octets</translation>
    </message>
    <message>
        <source>IPv4 address</source>
        <translation>adresse IPv4</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Réglage</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>Valeurs admises</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Défaut</translation>
    </message>
    <message>
        <source>Applied after a device restart.</source>
        <translation>Appliqué après un redémarrage de l&apos;appareil.</translation>
    </message>
    <message>
        <source>Caution: </source>
        <translation>Attention&#xa0;: </translation>
    </message>
</context>
<context>
    <name>HarmonicChart</name>
    <message>
        <source>% of fundamental</source>
        <translation>% du fondamental</translation>
    </message>
    <message>
        <source>Harmonic order</source>
        <translation>Rang harmonique</translation>
    </message>
</context>
<context>
    <name>IntroPage</name>
    <message>
        <source>Decommission %1</source>
        <translation>Mise hors service de %1</translation>
    </message>
    <message>
        <source>A complete meter wipe in nine steps, in the manual&apos;s order. Each step asks for confirmation; none can be undone.</source>
        <translation>Un effacement complet du compteur en neuf étapes, dans l&apos;ordre du manuel. Chaque étape demande une confirmation&#xa0;; aucune ne peut être annulée.</translation>
    </message>
    <message>
        <source>Before you start: record the decommissioning (who, when, why), back up what must be kept, and plan to remove firewall rules and monitoring entries for this meter (ion7400-part1.md §2.15).</source>
        <translation>Avant de commencer&#xa0;: consignez la mise hors service (qui, quand, pourquoi), sauvegardez ce qui doit être conservé et prévoyez de retirer les règles de pare-feu et les entrées de supervision de ce compteur (ion7400-part1.md §2.15).</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Manual connections</source>
        <extracomment>Groups of devices not saved in the project (translated where shown).</extracomment>
        <translation>Connexions manuelles</translation>
    </message>
    <message>
        <source>Demo site (simulated)</source>
        <translation>Site de démonstration (simulé)</translation>
    </message>
    <message>
        <source>My devices</source>
        <translation>Mes appareils</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>Traffic monitor</source>
        <translation>Moniteur de trafic</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Prêt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;New project</source>
        <translation>&amp;Nouveau projet</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>&amp;Ouvrir un projet…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>Ouvrir un projet &amp;récent</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>Enregistrer &amp;sous…</translation>
    </message>
    <message>
        <source>&amp;Import sites…</source>
        <translation>&amp;Importer des sites…</translation>
    </message>
    <message>
        <source>&amp;Export project…</source>
        <translation>E&amp;xporter le projet…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Préférences…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;About MeterDesk</source>
        <translation>À &amp;propos de MeterDesk</translation>
    </message>
    <message>
        <source>About MeterDesk</source>
        <translation>À propos de MeterDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;MeterDesk %s&lt;/b&gt;&lt;p&gt;Configuration suite for power meters and gateways: Modbus TCP and RTU, device profiles, simulators.&lt;/p&gt;</source>
        <translation>&lt;b&gt;MeterDesk %s&lt;/b&gt;&lt;p&gt;Suite de configuration pour compteurs d&apos;énergie et passerelles&#xa0;: Modbus TCP et RTU, profils d&apos;appareils, simulateurs.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%s: certificate refused</source>
        <translation>%s&#xa0;: certificat refusé</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Measurements</source>
        <translation>Mesures</translation>
    </message>
    <message>
        <source>Panel Server</source>
        <translation>Panel Server</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Réglages</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sécurité</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>Trafic</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>Mise à niveau</translation>
    </message>
</context>
<context>
    <name>MeasurementsPane</name>
    <message>
        <source>Select a device in My devices.</source>
        <translation>Sélectionnez un appareil dans Mes appareils.</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Connecter</translation>
    </message>
    <message>
        <source>Back to the gateway</source>
        <translation>Retour à la passerelle</translation>
    </message>
    <message>
        <source>Reset min/max</source>
        <translation>Remettre à zéro min/max</translation>
    </message>
    <message>
        <source>Log to CSV…</source>
        <translation>Journaliser en CSV…</translation>
    </message>
    <message>
        <source>Log at most this often (0: every poll)</source>
        <translation>Journaliser au plus à cette fréquence (0&#xa0;: à chaque interrogation)</translation>
    </message>
    <message>
        <source>every</source>
        <translation>toutes les</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Valeurs</translation>
    </message>
    <message>
        <source>Branch circuits</source>
        <translation>Circuits de départ</translation>
    </message>
    <message>
        <source>Phasors</source>
        <translation>Phaseurs</translation>
    </message>
    <message>
        <source>Energy counters</source>
        <translation>Compteurs d&apos;énergie</translation>
    </message>
    <message>
        <source>Behind the gateway</source>
        <translation>Derrière la passerelle</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>Tendances</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Not connected: connect to see its measurements.</source>
        <translation>Non connecté&#xa0;: connectez-le pour voir ses mesures.</translation>
    </message>
    <message>
        <source>Mains (panel 1)</source>
        <translation>Arrivée (tableau 1)</translation>
    </message>
    <message>
        <source>Waiting for the first phasor reading…</source>
        <translation>En attente de la première lecture des phaseurs…</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Lecture…</translation>
    </message>
    <message>
        <source>Live · updated %s · %d request%s</source>
        <translation>En direct · mis à jour %s · %d requête%s</translation>
    </message>
    <message>
        <source>%s (%s) via %s</source>
        <translation>%s (%s) via %s</translation>
    </message>
    <message>
        <source>Circuit %d current</source>
        <translation>Courant du circuit %d</translation>
    </message>
    <message>
        <source>Stop logging</source>
        <translation>Arrêter la journalisation</translation>
    </message>
    <message>
        <source>Logging to %s</source>
        <translation>Journalisation dans %s</translation>
    </message>
    <message>
        <source>Logged %d rows to %s</source>
        <translation>%d lignes journalisées dans %s</translation>
    </message>
    <message>
        <source>Log to CSV</source>
        <translation>Journaliser en CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>Logging to %s · %d rows</source>
        <translation>Journalisation dans %s · %d lignes</translation>
    </message>
</context>
<context>
    <name>NewPasswordsPage</name>
    <message>
        <source>New passwords</source>
        <translation>Nouveaux mots de passe</translation>
    </message>
    <message>
        <source>Generated passwords are different for every device and account and go straight to the keyring.</source>
        <translation>Les mots de passe générés diffèrent pour chaque appareil et chaque compte et vont directement dans le trousseau.</translation>
    </message>
    <message>
        <source>Generate a new password for each device and account</source>
        <translation>Générer un nouveau mot de passe pour chaque appareil et chaque compte</translation>
    </message>
    <message>
        <source>Use this password everywhere</source>
        <translation>Utiliser ce mot de passe partout</translation>
    </message>
</context>
<context>
    <name>PackageBox</name>
    <message>
        <source>Firmware package</source>
        <translation>Paquet de logiciel embarqué</translation>
    </message>
    <message>
        <source>Open package…</source>
        <translation>Ouvrir un paquet…</translation>
    </message>
    <message>
        <source>Trust keys in folder…</source>
        <translation>Faire confiance aux clés d&apos;un dossier…</translation>
    </message>
    <message>
        <source>Also accept packages signed by the public keys (*.pub) of a folder</source>
        <translation>Accepter aussi les paquets signés par les clés publiques (*.pub) d&apos;un dossier</translation>
    </message>
    <message>
        <source>No package opened</source>
        <translation>Aucun paquet ouvert</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Composant</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Release notes</source>
        <translation>Notes de version</translation>
    </message>
    <message>
        <source>Open firmware package</source>
        <translation>Ouvrir un paquet de logiciel embarqué</translation>
    </message>
    <message>
        <source>Firmware packages (*.zip)</source>
        <translation>Paquets de logiciel embarqué (*.zip)</translation>
    </message>
    <message>
        <source>Folder of trusted public keys</source>
        <translation>Dossier de clés publiques de confiance</translation>
    </message>
    <message>
        <source>Checking the signature and the components…</source>
        <translation>Vérification de la signature et des composants…</translation>
    </message>
    <message>
        <source>Refused: %s</source>
        <translation>Refusé&#xa0;: %s</translation>
    </message>
    <message>
        <source>%1 for %2: signed by trusted key %3; every component matches its SHA-256</source>
        <translation>%1 pour %2&#xa0;: signé par la clé de confiance %3&#xa0;; chaque composant correspond à son SHA-256</translation>
    </message>
</context>
<context>
    <name>PanelServerPane</name>
    <message>
        <source>PrismaSeT Active Wireless Panel Server: it has no Modbus or IP link and is set up over Bluetooth with the EcoStruxure Power Commission app. Plan its wireless devices, commission it and read its audit log here.</source>
        <translation>PrismaSeT Active Wireless Panel Server&#xa0;: il n&apos;a pas de liaison Modbus ni IP et se configure par Bluetooth avec l&apos;application EcoStruxure Power Commission. Planifiez ses appareils sans fil, mettez-le en service et lisez son journal d&apos;audit ici.</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Commissioning</source>
        <translation>Mise en service</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Journal d&apos;audit</translation>
    </message>
    <message>
        <source>Troubleshooting</source>
        <translation>Dépannage</translation>
    </message>
</context>
<context>
    <name>PasswordField</name>
    <message>
        <source>Passwords are kept in the system keyring, never in files.</source>
        <translation>Les mots de passe sont conservés dans le trousseau du système, jamais dans des fichiers.</translation>
    </message>
    <message>
        <source>No usable keyring (%1): passwords are asked for each session and kept in memory only. Nothing is written to disk.</source>
        <translation>Pas de trousseau utilisable (%1)&#xa0;: les mots de passe sont demandés à chaque session et gardés en mémoire seulement. Rien n&apos;est écrit sur le disque.</translation>
    </message>
    <message>
        <source>new password</source>
        <translation>nouveau mot de passe</translation>
    </message>
    <message>
        <source>leave empty to keep</source>
        <translation>laisser vide pour conserver</translation>
    </message>
    <message>
        <source>the same again</source>
        <translation>le même, à nouveau</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Générer</translation>
    </message>
    <message>
        <source>type a password</source>
        <translation>saisissez un mot de passe</translation>
    </message>
    <message>
        <source>the two entries differ</source>
        <translation>les deux saisies diffèrent</translation>
    </message>
    <message>
        <source>strength: %1</source>
        <translation>robustesse&#xa0;: %1</translation>
    </message>
    <message>
        <source>Accepted by the device&apos;s rules.</source>
        <translation>Accepté par les règles de l&apos;appareil.</translation>
    </message>
</context>
<context>
    <name>PasswordUpdaterWizard</name>
    <message>
        <source>Update passwords on many devices</source>
        <translation>Mettre à jour les mots de passe de plusieurs appareils</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Résultats</translation>
    </message>
</context>
<context>
    <name>PhasorDiagram</name>
    <message>
        <source>Outer circle: %s</source>
        <translation>Cercle extérieur&#xa0;: %s</translation>
    </message>
    <message>
        <source>Dashed circle: %s</source>
        <translation>Cercle en pointillés&#xa0;: %s</translation>
    </message>
</context>
<context>
    <name>PhasorTab</name>
    <message>
        <source>high</source>
        <translation>élevée</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>moyenne</translation>
    </message>
    <message>
        <source>low</source>
        <translation>faible</translation>
    </message>
    <message>
        <source>Voltage</source>
        <translation>Tension</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Courant</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>directe</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>inverse</translation>
    </message>
    <message>
        <source>zero</source>
        <translation>homopolaire</translation>
    </message>
    <message>
        <source>What the meter feeds: the power factor is judged against it</source>
        <translation>Ce que le compteur alimente&#xa0;: le facteur de puissance est jugé en conséquence</translation>
    </message>
    <message>
        <source>Wiring diagnosis</source>
        <translation>Diagnostic de câblage</translation>
    </message>
    <message>
        <source>Load type</source>
        <translation>Type de charge</translation>
    </message>
    <message>
        <source>Symmetrical components</source>
        <translation>Composantes symétriques</translation>
    </message>
    <message>
        <source>No phasors read yet.</source>
        <translation>Aucun phaseur lu pour l&apos;instant.</translation>
    </message>
    <message>
        <source>Confidence: %s</source>
        <translation>Confiance&#xa0;: %s</translation>
    </message>
    <message>
        <source>Voltages turn {found} (meter expects {expected}).</source>
        <translation>Les tensions tournent en {found} (le compteur attend {expected}).</translation>
    </message>
    <message>
        <source>lagging</source>
        <translation>inductif</translation>
    </message>
    <message>
        <source>leading</source>
        <translation>capacitif</translation>
    </message>
    <message>
        <source>Displacement power factor {pf} {kind}.</source>
        <translation>Facteur de puissance de déplacement {pf} {kind}.</translation>
    </message>
    <message>
        <source>{kind}: not all phases known</source>
        <translation>{kind}&#xa0;: toutes les phases ne sont pas connues</translation>
    </message>
    <message>
        <source>unbalance {value} %</source>
        <translation>déséquilibre {value}&#xa0;%</translation>
    </message>
    <message>
        <source>unbalance undefined (no positive sequence)</source>
        <translation>déséquilibre indéfini (pas de composante directe)</translation>
    </message>
    <message>
        <source>{kind}: {components}; {unbalance}</source>
        <translation>{kind}&#xa0;: {components}&#xa0;; {unbalance}</translation>
    </message>
</context>
<context>
    <name>PhasorTable</name>
    <message>
        <source>Phasor</source>
        <translation>Phaseur</translation>
    </message>
    <message>
        <source>Magnitude</source>
        <translation>Amplitude</translation>
    </message>
    <message>
        <source>Angle</source>
        <translation>Angle</translation>
    </message>
</context>
<context>
    <name>PhasorView</name>
    <message>
        <source>Voltage (120°)</source>
        <translation>Tension (120°)</translation>
    </message>
    <message>
        <source>Instrument (60°)</source>
        <translation>Instrument (60°)</translation>
    </message>
    <message>
        <source>Delta systems: Voltage shows Vab, Vbc, Vca as the system runs; Instrument shows what a two-element meter measures, Vab and Vcb</source>
        <translation>Réseaux en triangle&#xa0;: Tension montre Vab, Vbc, Vca tels que le réseau tourne&#xa0;; Instrument montre ce que mesure un compteur à deux éléments, Vab et Vcb</translation>
    </message>
    <message>
        <source>Delta display</source>
        <translation>Affichage triangle</translation>
    </message>
</context>
<context>
    <name>PlanTab</name>
    <message>
        <source>e.g. Main LV board, floor 2</source>
        <translation>p. ex. TGBT, 2e étage</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>non défini</translation>
    </message>
    <message>
        <source>not set (e.g. 001.000.000)</source>
        <translation>non défini (p. ex. 001.000.000)</translation>
    </message>
    <message>
        <source>Plan name:</source>
        <translation>Nom du plan&#xa0;:</translation>
    </message>
    <message>
        <source>Panel Server column:</source>
        <translation>Colonne du Panel Server&#xa0;:</translation>
    </message>
    <message>
        <source>IEEE 802.15.4 channel:</source>
        <translation>Canal IEEE 802.15.4&#xa0;:</translation>
    </message>
    <message>
        <source>Firmware:</source>
        <translation>Logiciel embarqué&#xa0;:</translation>
    </message>
    <message>
        <source>Device type</source>
        <translation>Type d&apos;appareil</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Colonne</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Libellé</translation>
    </message>
    <message>
        <source>Add device</source>
        <translation>Ajouter un appareil</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>Retirer la sélection</translation>
    </message>
    <message>
        <source>Open plan…</source>
        <translation>Ouvrir un plan…</translation>
    </message>
    <message>
        <source>Save plan…</source>
        <translation>Enregistrer le plan…</translation>
    </message>
    <message>
        <source>1 wireless device planned</source>
        <translation>1 appareil sans fil prévu</translation>
    </message>
    <message>
        <source>{count} wireless devices planned</source>
        <translation>{count} appareils sans fil prévus</translation>
    </message>
    <message>
        <source>Plan check: {errors} error(s), {warnings} warning(s)</source>
        <translation>Vérification du plan&#xa0;: {errors} erreur(s), {warnings} avertissement(s)</translation>
    </message>
    <message>
        <source>The plan is within every limit of the guide.</source>
        <translation>Le plan respecte toutes les limites du guide.</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Ambiguous in the manual: %s</source>
        <translation>Ambigu dans le manuel&#xa0;: %s</translation>
    </message>
    <message>
        <source>Guide: %s</source>
        <translation>Guide&#xa0;: %s</translation>
    </message>
    <message>
        <source>Open panel plan</source>
        <translation>Ouvrir un plan de tableau</translation>
    </message>
    <message>
        <source>Panel plan (*.json);;All files (*)</source>
        <translation>Plan de tableau (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>the file does not hold a panel plan (a JSON object)</source>
        <translation>le fichier ne contient pas de plan de tableau (un objet JSON)</translation>
    </message>
    <message>
        <source>Cannot open &apos;{path}&apos;: {reason}</source>
        <translation>Impossible d&apos;ouvrir «&#xa0;{path}&#xa0;»&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>Save panel plan</source>
        <translation>Enregistrer le plan de tableau</translation>
    </message>
    <message>
        <source>Cannot write &apos;{path}&apos;: {reason}</source>
        <translation>Impossible d&apos;écrire «&#xa0;{path}&#xa0;»&#xa0;: {reason}</translation>
    </message>
</context>
<context>
    <name>PosturePage</name>
    <message>
        <source>Current security posture</source>
        <translation>Posture de sécurité actuelle</translation>
    </message>
    <message>
        <source>What %1 holds now, checked against its manual.</source>
        <translation>Ce que contient %1 maintenant, vérifié par rapport à son manuel.</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Lecture…</translation>
    </message>
    <message>
        <source>Log in to apply changes</source>
        <translation>Connexion pour appliquer les modifications</translation>
    </message>
    <message>
        <source>%1 (%2, firmware %3): %4</source>
        <translation>%1 (%2, logiciel embarqué %3)&#xa0;: %4</translation>
    </message>
    <message>
        <source>clean</source>
        <translation>sans constat</translation>
    </message>
    <message>
        <source>worst finding: %1</source>
        <translation>constat le plus grave&#xa0;: %1</translation>
    </message>
    <message>
        <source>The device could not be read; check the link and try again.</source>
        <translation>L&apos;appareil n&apos;a pas pu être lu&#xa0;; vérifiez la liaison et réessayez.</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <source>System language (%s)</source>
        <translation>Langue du système (%s)</translation>
    </message>
    <message>
        <source>The new language applies when MeterDesk restarts.</source>
        <translation>La nouvelle langue s&apos;applique au redémarrage de MeterDesk.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
</context>
<context>
    <name>ProtocolsPage</name>
    <message>
        <source>Protocols and ports</source>
        <translation>Protocoles et ports</translation>
    </message>
    <message>
        <source>Disable the protocols you do not use; unencrypted ones are marked. Keep Secure ION on for configuration and upgrades (L1430).</source>
        <translation>Désactivez les protocoles que vous n&apos;utilisez pas&#xa0;; ceux qui ne sont pas chiffrés sont signalés. Laissez Secure ION activé pour la configuration et les mises à niveau (L1430).</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocole</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Activé</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>  (not encrypted)</source>
        <translation>  (non chiffré)</translation>
    </message>
</context>
<context>
    <name>PulseWeight</name>
    <message>
        <source>Pulse weight calculator</source>
        <translation>Calcul du poids d&apos;impulsion</translation>
    </message>
    <message>
        <source>kWh/pulse = peak kW ÷ 3600 ÷ pulses per second; ÷ 2 in KYZ mode.</source>
        <translation>kWh/impulsion = kW de pointe ÷ 3600 ÷ impulsions par seconde&#xa0;; ÷ 2 en mode KYZ.</translation>
    </message>
    <message>
        <source>pulses/s</source>
        <translation>impulsions/s</translation>
    </message>
    <message>
        <source>Highest expected load</source>
        <translation>Charge maximale attendue</translation>
    </message>
    <message>
        <source>Pulse rate wanted</source>
        <translation>Fréquence d&apos;impulsions voulue</translation>
    </message>
    <message>
        <source>KYZ</source>
        <translation>KYZ</translation>
    </message>
    <message>
        <source>Pulse</source>
        <translation>Impulsion</translation>
    </message>
    <message>
        <source>&lt;b&gt;%s kWh/pulse&lt;/b&gt; in %s mode&lt;br&gt;Pulse mode %s, KYZ mode %s kWh/pulse</source>
        <translation>&lt;b&gt;%s kWh/impulsion&lt;/b&gt; en mode %s&lt;br&gt;Mode impulsion %s, mode KYZ %s kWh/impulsion</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <source>Decommissioning report</source>
        <translation>Rapport de mise hors service</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>Exporter le rapport…</translation>
    </message>
    <message>
        <source>Export decommissioning report</source>
        <translation>Exporter le rapport de mise hors service</translation>
    </message>
    <message>
        <source>HTML page (*.html)</source>
        <translation>Page HTML (*.html)</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>Nothing written yet.</source>
        <translation>Rien d&apos;écrit pour l&apos;instant.</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Réglage</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>Ancien</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nouveau</translation>
    </message>
    <message>
        <source>Read back</source>
        <translation>Relu</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <source>Working…</source>
        <translation>En cours…</translation>
    </message>
    <message>
        <source>%1 device(s) done…</source>
        <translation>%1 appareil(s) traité(s)…</translation>
    </message>
    <message>
        <source>%1 of %2 device(s) done.</source>
        <translation>%1 appareil(s) sur %2 traité(s).</translation>
    </message>
    <message>
        <source>Not done: %1. They keep their old credentials in the keyring; where a device could not be asked, both the old and the new password are kept.</source>
        <translation>Non traités&#xa0;: %1. Ils gardent leurs anciens identifiants dans le trousseau&#xa0;; quand un appareil n&apos;a pas pu être interrogé, l&apos;ancien et le nouveau mot de passe sont tous deux conservés.</translation>
    </message>
</context>
<context>
    <name>ResultsTable</name>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Élément</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>(device)</source>
        <translation>(appareil)</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <source>These changes will be sent, each verified by read-back; passwords are verified by logging in with them.</source>
        <translation>Ces modifications seront envoyées, chacune vérifiée par relecture&#xa0;; les mots de passe sont vérifiés en se connectant avec eux.</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Réglage</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Actuel</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nouveau</translation>
    </message>
    <message>
        <source>Nothing to change.</source>
        <translation>Rien à modifier.</translation>
    </message>
</context>
<context>
    <name>SaveScfDialog</name>
    <message>
        <source>Passwords in the file</source>
        <translation>Mots de passe dans le fichier</translation>
    </message>
    <message>
        <source>Leave the passwords out</source>
        <translation>Ne pas inclure les mots de passe</translation>
    </message>
    <message>
        <source>Encrypt the passwords with a passphrase</source>
        <translation>Chiffrer les mots de passe avec une phrase secrète</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Phrase secrète</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Confirmation</translation>
    </message>
</context>
<context>
    <name>ScanDialog</name>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Identified as</source>
        <translation>Identifié comme</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>What was read</source>
        <translation>Ce qui a été lu</translation>
    </message>
    <message>
        <source>Find devices</source>
        <translation>Rechercher des appareils</translation>
    </message>
    <message>
        <source>Serial bus: RTU unit ids on one line</source>
        <translation>Bus série&#xa0;: ID unité RTU sur une ligne</translation>
    </message>
    <message>
        <source>Network: TCP hosts and ports</source>
        <translation>Réseau&#xa0;: hôtes et ports TCP</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>Port série</translation>
    </message>
    <message>
        <source>Baud, parity, stop bits</source>
        <translation>Vitesse, parité, bits d&apos;arrêt</translation>
    </message>
    <message>
        <source>Unit ids</source>
        <translation>ID unité</translation>
    </message>
    <message>
        <source>Timeout per unit</source>
        <translation>Délai d&apos;attente par unité</translation>
    </message>
    <message>
        <source>Addresses, ranges (10.0.0.1-20) or CIDR blocks, separated by commas. Only these addresses are contacted.</source>
        <translation>Adresses, plages (10.0.0.1-20) ou blocs CIDR, séparés par des virgules. Seules ces adresses sont contactées.</translation>
    </message>
    <message>
        <source>e.g. 502,10001 or 5020-5030</source>
        <translation>p. ex. 502,10001 ou 5020-5030</translation>
    </message>
    <message>
        <source>Unit ids asked on every open port; give the range behind a gateway (e.g. 1-247) to find its meters</source>
        <translation>ID unité interrogés sur chaque port ouvert&#xa0;; donnez la plage derrière une passerelle (p. ex. 1-247) pour trouver ses compteurs</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Hôtes</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Délai d&apos;attente</translation>
    </message>
    <message>
        <source>Connections at once</source>
        <translation>Connexions simultanées</translation>
    </message>
    <message>
        <source>Start scan</source>
        <translation>Lancer la recherche</translation>
    </message>
    <message>
        <source>Cancel scan</source>
        <translation>Annuler la recherche</translation>
    </message>
    <message>
        <source>Use the suggested settings</source>
        <translation>Utiliser les réglages suggérés</translation>
    </message>
    <message>
        <source>Show addresses without a device</source>
        <translation>Afficher les adresses sans appareil</translation>
    </message>
    <message>
        <source>Add checked devices to the project</source>
        <translation>Ajouter les appareils cochés au projet</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>Recherche…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>choose the serial port to scan</source>
        <translation>choisissez le port série à explorer</translation>
    </message>
    <message>
        <source>give unit ids from 1 to 247, e.g. 1-247</source>
        <translation>donnez des ID unité de 1 à 247, p. ex. 1-247</translation>
    </message>
    <message>
        <source> (cancelled)</source>
        <translation> (annulé)</translation>
    </message>
    <message>
        <source>give the hosts to scan (addresses, ranges or CIDR blocks)</source>
        <translation>donnez les hôtes à explorer (adresses, plages ou blocs CIDR)</translation>
    </message>
    <message>
        <source>%d hosts asked; at most %d per scan</source>
        <translation>%d hôtes demandés&#xa0;; au plus %d par recherche</translation>
    </message>
    <message>
        <source>give unit ids from 0 to 255, e.g. 1,255 or 1-247</source>
        <translation>donnez des ID unité de 0 à 255, p. ex. 1,255 ou 1-247</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s) found</source>
        <translation>
            <numerusform>%n appareil trouvé</numerusform>
            <numerusform>%n appareils trouvés</numerusform>
        </translation>
    </message>
    <message>
        <source>device answers</source>
        <translation>l&apos;appareil répond</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>pas de réponse</translation>
    </message>
    <message>
        <source>garbled answer (wrong baud rate or parity?)</source>
        <translation>réponse illisible (mauvaise vitesse ou parité&#xa0;?)</translation>
    </message>
    <message>
        <source>closed (no connection)</source>
        <translation>fermé (pas de connexion)</translation>
    </message>
    <message>
        <source>open, no Modbus answer at these unit ids</source>
        <translation>ouvert, pas de réponse Modbus à ces ID unité</translation>
    </message>
    <message>
        <source>unknown device</source>
        <translation>appareil inconnu</translation>
    </message>
    <message>
        <source> (likely)</source>
        <translation> (probable)</translation>
    </message>
    <message>
        <source>, serial %s</source>
        <translation>, n° de série %s</translation>
    </message>
    <message>
        <source>(choose a profile)</source>
        <translation>(choisissez un profil)</translation>
    </message>
    <message>
        <source>Likely: the device has no identity registers; its settings read back valid for this profile. Please confirm.</source>
        <translation>Probable&#xa0;: l&apos;appareil n&apos;a pas de registres d&apos;identité&#xa0;; ses réglages relus sont valides pour ce profil. Veuillez confirmer.</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s) added to the project.</source>
        <translation>
            <numerusform>%n appareil ajouté au projet.</numerusform>
            <numerusform>%n appareils ajoutés au projet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SecretsPage</name>
    <message>
        <source>Wi-Fi and MQTT credentials</source>
        <translation>Identifiants Wi-Fi et MQTT</translation>
    </message>
    <message>
        <source>Leave a field empty to keep what the device has. These cross Modbus in clear when set: set them on a trusted network.</source>
        <translation>Laissez un champ vide pour conserver la valeur de l&apos;appareil. Ces valeurs traversent Modbus en clair quand elles sont définies&#xa0;: définissez-les sur un réseau de confiance.</translation>
    </message>
</context>
<context>
    <name>SecurityPane</name>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>Band</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Voie</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Select a device in My devices.</source>
        <translation>Sélectionnez un appareil dans Mes appareils.</translation>
    </message>
    <message>
        <source>Audit this device</source>
        <translation>Auditer cet appareil</translation>
    </message>
    <message>
        <source>Audit all devices</source>
        <translation>Auditer tous les appareils</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>Exporter le rapport…</translation>
    </message>
    <message>
        <source>Set-up wizard…</source>
        <translation>Assistant de configuration…</translation>
    </message>
    <message>
        <source>Apply a configuration to many…</source>
        <translation>Appliquer une configuration à plusieurs…</translation>
    </message>
    <message>
        <source>Update passwords…</source>
        <translation>Mettre à jour les mots de passe…</translation>
    </message>
    <message>
        <source>Decommission…</source>
        <translation>Mise hors service…</translation>
    </message>
    <message>
        <source>Device / severity</source>
        <translation>Appareil / gravité</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Constat</translation>
    </message>
    <message>
        <source>Recommendation</source>
        <translation>Recommandation</translation>
    </message>
    <message>
        <source>Read from this device</source>
        <translation>Lire depuis cet appareil</translation>
    </message>
    <message>
        <source>Import WPS audit log…</source>
        <translation>Importer un journal d&apos;audit WPS…</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>Posture audit</source>
        <translation>Audit de posture</translation>
    </message>
    <message>
        <source>Security event log</source>
        <translation>Journal des événements de sécurité</translation>
    </message>
    <message>
        <source>Device: %1 (%2)</source>
        <translation>Appareil&#xa0;: %1 (%2)</translation>
    </message>
    <message>
        <source>Auditing %1 device(s)…</source>
        <translation>Audit de %1 appareil(s)…</translation>
    </message>
    <message>
        <source>%s, firmware %s</source>
        <translation>%s, logiciel embarqué %s</translation>
    </message>
    <message>
        <source>%1 device(s), %2 clean. Findings: %3.</source>
        <translation>%1 appareil(s), %2 sans constat. Constats&#xa0;: %3.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>Export security audit</source>
        <translation>Exporter l&apos;audit de sécurité</translation>
    </message>
    <message>
        <source>HTML page (*.html);;PDF document (*.pdf)</source>
        <translation>Page HTML (*.html);;Document PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Security audit</source>
        <translation>Audit de sécurité</translation>
    </message>
    <message>
        <source>Import WPS audit log</source>
        <translation>Importer un journal d&apos;audit WPS</translation>
    </message>
    <message>
        <source>Syslog files (*.log *.txt);;All files (*)</source>
        <translation>Fichiers syslog (*.log *.txt);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sécurité</translation>
    </message>
</context>
<context>
    <name>SelfTest</name>
    <message>
        <source>Qt finds no fonts (install some, e.g. Debian&apos;s fonts-dejavu-core)</source>
        <extracomment>Points sampled on the rendered window to tell a drawn window from a blank one.</extracomment>
        <translation>Qt ne trouve aucune police (installez-en, par exemple fonts-dejavu-core de Debian)</translation>
    </message>
    <message>
        <source>%s; Qt said: %s</source>
        <translation>%s&#xa0;; message de Qt&#xa0;: %s</translation>
    </message>
    <message>
        <source>the window rendered blank on the %s platform</source>
        <translation>la fenêtre s&apos;est affichée vide sur la plateforme %s</translation>
    </message>
    <message>
        <source>%d panes (%s), rendered %d×%d on Qt %s (%s, %d font families)</source>
        <translation>%d volets (%s), rendu %d×%d sous Qt %s (%s, %d familles de polices)</translation>
    </message>
</context>
<context>
    <name>SerialLineCombos</name>
    <message>
        <source>None</source>
        <extracomment>Baud rates offered for RS-485 lines, bit/s.</extracomment>
        <translation>Aucune</translation>
    </message>
    <message>
        <source>Even</source>
        <translation>Paire</translation>
    </message>
    <message>
        <source>Odd</source>
        <translation>Impaire</translation>
    </message>
</context>
<context>
    <name>SessionState</name>
    <message>
        <source>connected</source>
        <extracomment>Connection states of a device session, in words (tree, status bar, pane headers).</extracomment>
        <translation>connecté</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>connexion…</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>non connecté</translation>
    </message>
    <message>
        <source>link error</source>
        <translation>erreur de liaison</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>reconnexion…</translation>
    </message>
</context>
<context>
    <name>SettingEditor</name>
    <message>
        <source>not set</source>
        <translation>non défini</translation>
    </message>
</context>
<context>
    <name>SettingsPane</name>
    <message>
        <source>MeterDesk configuration (*.toml *.json)</source>
        <translation>Configuration MeterDesk (*.toml *.json)</translation>
    </message>
    <message>
        <source>New</source>
        <extracomment>Asks the user to confirm a planned write; tests replace it.</extracomment>
        <translation>Nouveau</translation>
    </message>
    <message>
        <source>Start an offline configuration of this model from its defaults</source>
        <translation>Commencer une configuration hors ligne de ce modèle à partir de ses valeurs par défaut</translation>
    </message>
    <message>
        <source>Read from device</source>
        <translation>Lire l&apos;appareil</translation>
    </message>
    <message>
        <source>Reset to device</source>
        <translation>Revenir à l&apos;appareil</translation>
    </message>
    <message>
        <source>Put the device&apos;s values back into every field</source>
        <translation>Remettre les valeurs de l&apos;appareil dans tous les champs</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Ouvrir…</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Enregistrer sous…</translation>
    </message>
    <message>
        <source>Write to device…</source>
        <translation>Écrire dans l&apos;appareil…</translation>
    </message>
    <message>
        <source>Apply to devices…</source>
        <translation>Appliquer à des appareils…</translation>
    </message>
    <message>
        <source>Write these settings to several devices of the same model</source>
        <translation>Écrire ces réglages dans plusieurs appareils du même modèle</translation>
    </message>
    <message>
        <source>Change log…</source>
        <translation>Journal des modifications…</translation>
    </message>
    <message>
        <source>Offline model</source>
        <translation>Modèle hors ligne</translation>
    </message>
    <message>
        <source>Differences</source>
        <translation>Différences</translation>
    </message>
    <message>
        <source>Write report</source>
        <translation>Rapport d&apos;écriture</translation>
    </message>
    <message>
        <source>Installation</source>
        <translation>Installation</translation>
    </message>
    <message>
        <source>How is it really installed? %s must match it: %s.</source>
        <translation>Comment est-il réellement installé&#xa0;? %s doit y correspondre&#xa0;: %s.</translation>
    </message>
    <message>
        <source>Installed as (not a device register; saved in the configuration file)</source>
        <translation>Installé comme (pas un registre de l&apos;appareil&#xa0;; enregistré dans le fichier de configuration)</translation>
    </message>
    <message>
        <source>%s as installed</source>
        <translation>%s tel qu&apos;installé</translation>
    </message>
    <message>
        <source>No device selected: pick one in My devices, or work offline on a file.</source>
        <translation>Aucun appareil sélectionné&#xa0;: choisissez-en un dans Mes appareils, ou travaillez hors ligne sur un fichier.</translation>
    </message>
    <message>
        <source>%s %s (profile %s, version %s)</source>
        <translation>%s %s (profil %s, version %s)</translation>
    </message>
    <message>
        <source> — file %s</source>
        <translation> — fichier %s</translation>
    </message>
    <message>
        <source>Pick a device in My devices first.</source>
        <translation>Choisissez d&apos;abord un appareil dans Mes appareils.</translation>
    </message>
    <message>
        <source>Reading the settings of %s…</source>
        <translation>Lecture des réglages de %s…</translation>
    </message>
    <message>
        <source>%d setting(s) the device did not give</source>
        <translation>%d réglage(s) non fourni(s) par l&apos;appareil</translation>
    </message>
    <message>
        <source>%d value(s) the profile does not allow, shown but never written back</source>
        <translation>%d valeur(s) non admise(s) par le profil, affichée(s) mais jamais réécrite(s)</translation>
    </message>
    <message>
        <source>Read %d settings from %s</source>
        <translation>%d réglages lus dans %s</translation>
    </message>
    <message>
        <source>New %s configuration from the profile&apos;s defaults.</source>
        <translation>Nouvelle configuration %s à partir des valeurs par défaut du profil.</translation>
    </message>
    <message>
        <source>Opened %s: %d settings.</source>
        <translation>%s ouvert&#xa0;: %d réglages.</translation>
    </message>
    <message>
        <source>Fix the marked fields first: %s</source>
        <translation>Corrigez d&apos;abord les champs signalés&#xa0;: %s</translation>
    </message>
    <message>
        <source>Saved %d settings to %s.</source>
        <translation>%d réglages enregistrés dans %s.</translation>
    </message>
    <message>
        <source>Open configuration</source>
        <translation>Ouvrir une configuration</translation>
    </message>
    <message>
        <source>Save configuration</source>
        <translation>Enregistrer la configuration</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vide)</translation>
    </message>
    <message>
        <source>The device holds a value the profile does not allow; it is never written back as is</source>
        <translation>L&apos;appareil contient une valeur que le profil n&apos;admet pas&#xa0;; elle n&apos;est jamais réécrite telle quelle</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
    <message>
        <source>The device did not give this setting</source>
        <translation>L&apos;appareil n&apos;a pas fourni ce réglage</translation>
    </message>
    <message>
        <source>… and %d more</source>
        <translation>… et %d de plus</translation>
    </message>
    <message>
        <source>Fix the marked fields first</source>
        <translation>Corrigez d&apos;abord les champs signalés</translation>
    </message>
    <message>
        <source>Read the settings of a connected device first</source>
        <translation>Lisez d&apos;abord les réglages d&apos;un appareil connecté</translation>
    </message>
    <message>
        <source>The device already holds these settings</source>
        <translation>L&apos;appareil a déjà ces réglages</translation>
    </message>
    <message>
        <source>Write %d changed setting(s), each verified by read-back</source>
        <translation>Écrire %d réglage(s) modifié(s), chacun vérifié par relecture</translation>
    </message>
    <message>
        <source>The device already holds these settings.</source>
        <translation>L&apos;appareil a déjà ces réglages.</translation>
    </message>
    <message>
        <source>Nothing was written.</source>
        <translation>Rien n&apos;a été écrit.</translation>
    </message>
    <message>
        <source>Writing %d setting(s) to %s…</source>
        <translation>Écriture de %d réglage(s) dans %s…</translation>
    </message>
    <message>
        <source>; the settings could not be read again: %s</source>
        <translation>&#xa0;; les réglages n&apos;ont pas pu être relus&#xa0;: %s</translation>
    </message>
    <message>
        <source>Write %d setting(s) to %s, in this order?</source>
        <translation>Écrire %d réglage(s) dans %s, dans cet ordre&#xa0;?</translation>
    </message>
    <message>
        <source>Write settings</source>
        <translation>Écrire les réglages</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Security set-up: %1</source>
        <translation>Configuration de la sécurité&#xa0;: %1</translation>
    </message>
    <message>
        <source>Advanced mode is recommended. With IEEE 1686-2013 or NERC CIP-007-5 the minimum length is at least 6.</source>
        <translation>Le mode Sécurité avancée est recommandé. Avec IEEE 1686-2013 ou NERC CIP-007-5, la longueur minimale est d&apos;au moins 6.</translation>
    </message>
    <message>
        <source>Turn off the ways of changing the meter you do not use.</source>
        <translation>Désactivez les moyens de modifier le compteur que vous n&apos;utilisez pas.</translation>
    </message>
    <message>
        <source>Failed logins per channel before a lockout (0: never), how long it lasts, and how access events are logged (0 none, 1-63 info, 64 low, 128 medium, 192 high).</source>
        <translation>Échecs de connexion par canal avant un verrouillage (0&#xa0;: jamais), sa durée, et la journalisation des événements d&apos;accès (0 aucune, 1-63 info, 64 basse, 128 moyenne, 192 haute).</translation>
    </message>
    <message>
        <source>Lockout attempts: %1</source>
        <translation>Tentatives avant verrouillage&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>SiteDialog</name>
    <message>
        <source>Edit site</source>
        <translation>Modifier le site</translation>
    </message>
    <message>
        <source>New site</source>
        <translation>Nouveau site</translation>
    </message>
    <message>
        <source>e.g. COM3 or /dev/ttyUSB0</source>
        <translation>p. ex. COM3 ou /dev/ttyUSB0</translation>
    </message>
    <message>
        <source>Check port</source>
        <translation>Vérifier le port</translation>
    </message>
    <message>
        <source>Open and close the port to see whether it is free</source>
        <translation>Ouvrir et fermer le port pour voir s&apos;il est libre</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>Port série</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Vitesse de transmission</translation>
    </message>
    <message>
        <source>Parity</source>
        <translation>Parité</translation>
    </message>
    <message>
        <source>Stop bits</source>
        <translation>Bits d&apos;arrêt</translation>
    </message>
    <message>
        <source>Modbus TCP (Iskra SG, Modbus gateways)</source>
        <translation>Modbus TCP (Iskra SG, passerelles Modbus)</translation>
    </message>
    <message>
        <source>RTU frames passed through (ION EtherGate)</source>
        <translation>Trames RTU transmises telles quelles (ION EtherGate)</translation>
    </message>
    <message>
        <source>None (plain Modbus TCP, unencrypted)</source>
        <translation>Aucune (Modbus TCP simple, non chiffré)</translation>
    </message>
    <message>
        <source>Modbus/TCP Security (TLS)</source>
        <translation>Modbus/TCP Security (TLS)</translation>
    </message>
    <message>
        <source>Client certificate (PEM)</source>
        <translation>Certificat client (PEM)</translation>
    </message>
    <message>
        <source>Client private key (PEM, not encrypted)</source>
        <translation>Clé privée client (PEM, non chiffrée)</translation>
    </message>
    <message>
        <source>The device&apos;s certificate is trusted on first use and pinned; a changed certificate is refused until you accept it.</source>
        <translation>Le certificat de l&apos;appareil est accepté à la première utilisation et épinglé&#xa0;; un certificat modifié est refusé jusqu&apos;à ce que vous l&apos;acceptiez.</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Framing</source>
        <translation>Trames</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sécurité</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>Certificat client</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>Clé client</translation>
    </message>
    <message>
        <source>Quiet time between an answer and the next request (slow RS-485 devices)</source>
        <translation>Temps de silence entre une réponse et la requête suivante (appareils RS-485 lents)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Délai d&apos;attente</translation>
    </message>
    <message>
        <source>Inter-frame delay</source>
        <translation>Délai entre trames</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>Fichiers PEM (*.pem *.crt *.key);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>%s was unplugged.</source>
        <translation>%s a été débranché.</translation>
    </message>
    <message>
        <source>Plugged in: %s</source>
        <translation>Branché&#xa0;: %s</translation>
    </message>
    <message>
        <source>Choose or type a serial port.</source>
        <translation>Choisissez ou saisissez un port série.</translation>
    </message>
    <message>
        <source>%s is free.</source>
        <translation>%s est libre.</translation>
    </message>
</context>
<context>
    <name>StepPage</name>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>Étape %1 sur %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>Manual %1</source>
        <translation>Manuel %1</translation>
    </message>
    <message>
        <source>I confirm: carry out this step on %1</source>
        <translation>Je confirme&#xa0;: exécuter cette étape sur %1</translation>
    </message>
    <message>
        <source>Run step %1</source>
        <translation>Exécuter l&apos;étape %1</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Exécution…</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Terminé.</translation>
    </message>
</context>
<context>
    <name>SwitchBox</name>
    <message>
        <source>Latching switch</source>
        <translation>Commutateur bistable</translation>
    </message>
    <message>
        <source>State: —</source>
        <translation>État&#xa0;: —</translation>
    </message>
    <message>
        <source>Switch ON</source>
        <translation>Fermer (ON)</translation>
    </message>
    <message>
        <source>Switch OFF</source>
        <translation>Ouvrir (OFF)</translation>
    </message>
    <message>
        <source>Toggle</source>
        <translation>Basculer</translation>
    </message>
    <message>
        <source>State: %s</source>
        <extracomment>Asks the user; returns True to go ahead (tests replace it).</extracomment>
        <translation>État&#xa0;: %s</translation>
    </message>
    <message>
        <source>Sending %s…</source>
        <translation>Envoi de %s…</translation>
    </message>
    <message>
        <source>Switch the load?</source>
        <translation>Commuter la charge&#xa0;?</translation>
    </message>
</context>
<context>
    <name>TargetsPage</name>
    <message>
        <source>Devices</source>
        <translation>Appareils</translation>
    </message>
    <message>
        <source>Devices that cannot take this configuration are flagged and cannot be chosen.</source>
        <translation>Les appareils qui ne peuvent pas recevoir cette configuration sont signalés et ne peuvent pas être choisis.</translation>
    </message>
    <message>
        <source>can take it</source>
        <translation>peut la recevoir</translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <source>Apply settings to devices</source>
        <translation>Appliquer des réglages à des appareils</translation>
    </message>
    <message>
        <source>Write %d settings of this %s configuration to the devices ticked below. Each device is checked first, then written and verified setting by setting.</source>
        <translation>Écrire %d réglages de cette configuration %s dans les appareils cochés ci-dessous. Chaque appareil est d&apos;abord vérifié, puis écrit et contrôlé réglage par réglage.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>Device-specific settings are never copied: %s. Type a value in a device&apos;s row to write that device&apos;s own; leave it empty to keep what the device has.</source>
        <translation>Les réglages propres à chaque appareil ne sont jamais copiés&#xa0;: %s. Saisissez une valeur dans la ligne d&apos;un appareil pour écrire la sienne&#xa0;; laissez vide pour conserver celle de l&apos;appareil.</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Liaison</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>%v of %m devices</source>
        <translation>%v appareils sur %m</translation>
    </message>
    <message>
        <source>No device of this model in My devices.</source>
        <translation>Aucun appareil de ce modèle dans Mes appareils.</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Tick at least one device.</source>
        <translation>Cochez au moins un appareil.</translation>
    </message>
    <message>
        <source>waiting…</source>
        <translation>en attente…</translation>
    </message>
    <message>
        <source>Writing %d device(s)…</source>
        <translation>Écriture de %d appareil(s)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Cancelling: devices being written finish, the others are not started…</source>
        <translation>Annulation&#xa0;: les appareils en cours d&apos;écriture terminent, les autres ne sont pas commencés…</translation>
    </message>
</context>
<context>
    <name>TrafficPane</name>
    <message>
        <source>All devices</source>
        <translation>Tous les appareils</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Stop recording frames (frames exchanged meanwhile are not kept)</source>
        <translation>Arrêter l&apos;enregistrement des trames (les trames échangées entre-temps ne sont pas conservées)</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Suivre</translation>
    </message>
    <message>
        <source>Keep the newest frame in view</source>
        <translation>Garder la trame la plus récente visible</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Enregistrer…</translation>
    </message>
    <message>
        <source>Save the frames shown as text (time, device, direction, meaning, hex)</source>
        <translation>Enregistrer les trames affichées en texte (heure, appareil, sens, signification, hexadécimal)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s)</source>
        <translation>
            <numerusform>%n trame</numerusform>
            <numerusform>%n trames</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot save the traffic to %s: %s</source>
        <translation>impossible d&apos;enregistrer le trafic dans %s&#xa0;: %s</translation>
    </message>
    <message>
        <source>Save traffic</source>
        <translation>Enregistrer le trafic</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>Fichiers texte (*.txt)</translation>
    </message>
</context>
<context>
    <name>TrendPlot</name>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Freeze the display; samples keep being recorded</source>
        <translation>Figer l&apos;affichage&#xa0;; les échantillons continuent d&apos;être enregistrés</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Suivre</translation>
    </message>
    <message>
        <source>Show the newest samples; pan or zoom with the mouse to stop following</source>
        <translation>Afficher les échantillons les plus récents&#xa0;; déplacez ou zoomez à la souris pour arrêter le suivi</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>Exporter en PNG…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>Tick values in the Values tab to trend them.</source>
        <translation>Cochez des valeurs dans l&apos;onglet Valeurs pour tracer leur tendance.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Export trend as PNG</source>
        <translation>Exporter la tendance en PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Images PNG (*.png)</translation>
    </message>
    <message>
        <source>Export trend samples as CSV</source>
        <translation>Exporter les échantillons de tendance en CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>cannot write %s: %s</source>
        <translation>impossible d&apos;écrire %s&#xa0;: %s</translation>
    </message>
</context>
<context>
    <name>TroubleshootingTab</name>
    <message>
        <source>not observed</source>
        <translation>non observé</translation>
    </message>
    <message>
        <source>Status LED:</source>
        <translation>Voyant d&apos;état&#xa0;:</translation>
    </message>
    <message>
        <source>Phase LEDs (L1, L2, L3):</source>
        <translation>Voyants de phase (L1, L2, L3)&#xa0;:</translation>
    </message>
    <message>
        <source>Symptoms</source>
        <translation>Symptômes</translation>
    </message>
    <message>
        <source>Status LED</source>
        <translation>Voyant d&apos;état</translation>
    </message>
    <message>
        <source>Phase LEDs</source>
        <translation>Voyants de phase</translation>
    </message>
    <message>
        <source>Guide: %s</source>
        <translation>Guide&#xa0;: %s</translation>
    </message>
</context>
<context>
    <name>UpgradePane</name>
    <message>
        <source>Select a device in My devices.</source>
        <translation>Sélectionnez un appareil dans Mes appareils.</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Read the device and show the steps; nothing is sent</source>
        <translation>Lire l&apos;appareil et afficher les étapes&#xa0;; rien n&apos;est envoyé</translation>
    </message>
    <message>
        <source>Keep after the upgrade (written back and verified)</source>
        <translation>Conserver après la mise à niveau (réécrit et vérifié)</translation>
    </message>
    <message>
        <source>Accumulated energies</source>
        <translation>Énergies cumulées</translation>
    </message>
    <message>
        <source>Back up web pages and the COMTRADE list over SFTP as</source>
        <translation>Sauvegarder les pages web et la liste COMTRADE par SFTP en tant que</translation>
    </message>
    <message>
        <source>Download the COMTRADE records into the backup</source>
        <translation>Télécharger les enregistrements COMTRADE dans la sauvegarde</translation>
    </message>
    <message>
        <source>Start upgrade…</source>
        <translation>Lancer la mise à niveau…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Stop after the current block; starting again resumes</source>
        <translation>Arrêter après le bloc en cours&#xa0;; relancer reprend</translation>
    </message>
    <message>
        <source>Add to fleet</source>
        <translation>Ajouter au parc</translation>
    </message>
    <message>
        <source>The upgrade log appears here as the upgrade runs.</source>
        <translation>Le journal de mise à niveau s&apos;affiche ici pendant la mise à niveau.</translation>
    </message>
    <message>
        <source>Open backup folder</source>
        <translation>Ouvrir le dossier de sauvegarde</translation>
    </message>
    <message>
        <source>This device</source>
        <translation>Cet appareil</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>Parc</translation>
    </message>
    <message>
        <source>Reading %s…</source>
        <translation>Lecture de %s…</translation>
    </message>
    <message>
        <source>%s is not connected</source>
        <translation>%s n&apos;est pas connecté</translation>
    </message>
    <message>
        <source>%1 runs firmware %2 with upgrade agent %3</source>
        <translation>%1 exécute le logiciel embarqué %2 avec l&apos;agent de mise à niveau %3</translation>
    </message>
    <message>
        <source>Skipped: %1 (%2)</source>
        <translation>Ignoré&#xa0;: %1 (%2)</translation>
    </message>
    <message>
        <source>Refused: %s</source>
        <translation>Refusé&#xa0;: %s</translation>
    </message>
    <message>
        <source>Ready: %d steps. Nothing has been sent yet.</source>
        <translation>Prêt&#xa0;: %d étapes. Rien n&apos;a encore été envoyé.</translation>
    </message>
    <message>
        <source>The upgrade is refused; nothing will be sent.</source>
        <translation>La mise à niveau est refusée&#xa0;; rien ne sera envoyé.</translation>
    </message>
    <message>
        <source>Start the upgrade?</source>
        <translation>Lancer la mise à niveau&#xa0;?</translation>
    </message>
    <message>
        <source>SFTP password</source>
        <translation>Mot de passe SFTP</translation>
    </message>
    <message>
        <source>Password of %1 on %2:</source>
        <translation>Mot de passe de %1 sur %2&#xa0;:</translation>
    </message>
    <message>
        <source>Upgrade %1?

%2

%3</source>
        <translation>Mettre à niveau %1&#xa0;?

%2

%3</translation>
    </message>
    <message>
        <source>Upgrading %s…</source>
        <translation>Mise à niveau de %s…</translation>
    </message>
    <message>
        <source>Cancelled. Starting again with this package resumes after the last verified block; the backup is kept.</source>
        <translation>Annulé. Relancer avec ce paquet reprend après le dernier bloc vérifié&#xa0;; la sauvegarde est conservée.</translation>
    </message>
    <message>
        <source>Done: %1 runs firmware %2 (was %3); %4 values restored and verified. Backup and log: %5</source>
        <translation>Terminé&#xa0;: %1 exécute le logiciel embarqué %2 (avant&#xa0;: %3)&#xa0;; %4 valeurs restaurées et vérifiées. Sauvegarde et journal&#xa0;: %5</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminé</translation>
    </message>
    <message>
        <source>, %s s left</source>
        <translation>, reste %s s</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3 — %4%5</source>
        <translation>Étape %1 sur %2&#xa0;: %3 — %4%5</translation>
    </message>
    <message>
        <source>Open a package first.</source>
        <translation>Ouvrez d&apos;abord un paquet.</translation>
    </message>
    <message>
        <source>Upgrade %1 with %2? Recorded data and COMTRADE files will be erased and outputs may change state.</source>
        <translation>Mettre à niveau %1 avec %2&#xa0;? Les données enregistrées et les fichiers COMTRADE seront effacés et les sorties peuvent changer d&apos;état.</translation>
    </message>
</context>
<context>
    <name>ValueTable</name>
    <message>
        <source>Point</source>
        <translation>Point</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>%s (reg %s)</source>
        <translation>%s (registre %s)</translation>
    </message>
    <message>
        <source>the device refuses this register</source>
        <translation>l&apos;appareil refuse ce registre</translation>
    </message>
    <message>
        <source>stale since %s: %s</source>
        <translation>périmé depuis %s&#xa0;: %s</translation>
    </message>
</context>
<context>
    <name>WaveformLength</name>
    <message>
        <source>Waveform capture calculator</source>
        <translation>Calcul de la capture de forme d&apos;onde</translation>
    </message>
    <message>
        <source>Format = samples per cycle × cycles; the record delay is captured after the trigger.</source>
        <translation>Format = échantillons par cycle × cycles&#xa0;; le retard d&apos;enregistrement est capturé après le déclenchement.</translation>
    </message>
    <message>
        <source>Capture length wanted</source>
        <translation>Durée de capture voulue</translation>
    </message>
    <message>
        <source>Use: set the cycles</source>
        <translation>Utiliser&#xa0;: régler les cycles</translation>
    </message>
    <message>
        <source>Set the samples per cycle and cycles to see the capture; %d cycles give the length wanted at %s Hz</source>
        <translation>Réglez les échantillons par cycle et les cycles pour voir la capture&#xa0;; %d cycles donnent la durée voulue à %s Hz</translation>
    </message>
    <message>
        <source>%d × %d at %s Hz: &lt;b&gt;%s ms&lt;/b&gt;, %d samples per channel at %s kHz; %s ms before and %s ms after the trigger. The length wanted needs %d cycles.</source>
        <translation>%d × %d à %s Hz&#xa0;: &lt;b&gt;%s ms&lt;/b&gt;, %d échantillons par voie à %s kHz&#xa0;; %s ms avant et %s ms après le déclenchement. La durée voulue demande %d cycles.</translation>
    </message>
</context>
<context>
    <name>WaveformView</name>
    <message>
        <source>Time from trigger</source>
        <translation>Temps depuis le déclenchement</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Déclenchement</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>Something went wrong: %s

The details were written to %s. Your devices and files were not changed by this error.</source>
        <translation>Une erreur s&apos;est produite&#xa0;: %s

Les détails ont été écrits dans %s. Vos appareils et vos fichiers n&apos;ont pas été modifiés par cette erreur.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>MeterDesk %s opens COMTRADE records (%s) given on its command line; it did not open:
%s</source>
        <translation>MeterDesk %s ouvre les enregistrements COMTRADE (%s) donnés sur sa ligne de commande&#xa0;; il n&apos;a pas ouvert&#xa0;:
%s</translation>
    </message>
    <message>
        <source>MeterDesk graphical interface</source>
        <translation>Interface graphique de MeterDesk</translation>
    </message>
    <message>
        <source>a project (.mdproj) or COMTRADE records (.cfg, .cff, .dat) to open</source>
        <translation>un projet (.mdproj) ou des enregistrements COMTRADE (.cfg, .cff, .dat) à ouvrir</translation>
    </message>
    <message>
        <source>start the simulated demo site</source>
        <translation>démarrer le site de démonstration simulé</translation>
    </message>
    <message>
        <source>first port of the demo site</source>
        <translation>premier port du site de démonstration</translation>
    </message>
    <message>
        <source>check this installation offscreen and exit</source>
        <translation>vérifier cette installation hors écran, puis quitter</translation>
    </message>
</context>
</TS>
