# Détails de problème : les titres, un par sorte de problème (dernier segment de l'URI `type`).
title-bad-request = Requête mal formée
title-unauthorized = Authentification requise
title-forbidden = Action non permise
title-not-found = Introuvable
title-conflict = Conflit
title-gone = Supprimé définitivement
title-method-not-allowed = Méthode non permise
title-precondition-failed = Condition préalable non remplie
title-payload-too-large = Corps de requête trop volumineux
title-uri-too-long = URI trop longue
title-headers-too-large = Champs d'en-tête trop volumineux
title-not-acceptable = Non acceptable
title-unsupported-media-type = Type de média non pris en charge
title-validation = Requête invalide
title-bad-query = Paramètres de requête invalides
title-too-many-requests = Trop de requêtes
title-unavailable = Service indisponible
title-internal = Erreur interne

# Détails que tout point de terminaison peut donner.
problem-validation-one = 1 champ est invalide : { $field }
problem-validation-many = { $count } champs sont invalides
problem-bad-query = paramètre de requête invalide : { $names }
problem-method-not-allowed = ce point de terminaison n'accepte pas cette méthode ; il permet { $allowed }
problem-not-acceptable = l'en-tête Accept n'admet aucun des types de média offerts : { $offered }
problem-uri-too-long = l'URI dépasse { $limit } octets ; envoyer des paramètres de requête moins nombreux ou plus courts
problem-headers-too-large = les champs d'en-tête dépassent { $limit } octets
problem-precondition-failed = la ressource a changé depuis sa lecture (If-Match ne correspond pas)
problem-too-many-requests = trop de requêtes ; réessayer dans { $seconds } s
problem-unavailable = la base de données est indisponible ; réessayer sous peu
problem-internal = une erreur inattendue s'est produite ; citer l'identifiant de la requête en la signalant
# $resource : le nom de la ressource, avec _ pour les espaces (crates/domain/src/ids.rs).
problem-no-such-resource = { $resource ->
    [cooperative] aucune coopérative avec cet identifiant
    [membership_count] aucun effectif avec cet identifiant
    [strategic_plan] aucun plan stratégique avec cet identifiant
    [orientation] aucune orientation avec cet identifiant
    [objective] aucun objectif avec cet identifiant
    [measurement] aucune mesure avec cet identifiant
    [partner] aucun partenaire avec cet identifiant
    [service_agreement] aucune entente de service avec cet identifiant
    [transition] aucune transition avec cet identifiant
    [enrolment] aucune inscription avec cet identifiant
    [API_client] aucun client de l'API avec cet identifiant
    [webhook_subscription] aucun abonnement webhook avec cet identifiant
    [webhook_delivery] aucune livraison webhook avec cet identifiant
    [event] aucun événement avec cet identifiant
    [participation] aucune participation avec cet identifiant
    [presentation] aucune présentation avec cet identifiant
    [project] aucun projet avec cet identifiant
    [project_transition] aucune transition de projet avec cet identifiant
    [funder] aucun bailleur de fonds avec cet identifiant
    [representation] aucune représentation avec cet identifiant
    [request] aucune demande avec cet identifiant
    [board_term] aucun mandat au conseil avec cet identifiant
   *[other] aucun enregistrement avec cet identifiant
}
no-such-endpoint = aucun point de terminaison à cette adresse
path-names-nothing = rien ici : le chemin ne désigne aucune ressource (identifiant ou date mal formé)
body-too-large = le corps dépasse la limite de { $limit } octets
body-not-json = Content-Type: application/json attendu (ou application/merge-patch+json pour PATCH)
body-malformed-json = corps JSON mal formé : { $error }
body-unreadable = impossible de lire le corps : { $error }
query-string-invalid = chaîne de requête invalide : { $error }
bad-request-value-not-storable = une valeur de la requête dépasse ce qui peut être enregistré
conflict-existing-record = l'enregistrement entre en conflit avec un enregistrement existant ({ $constraint })
conflict-broken-reference = le changement briserait un lien entre des enregistrements ({ $constraint })
conflict-concurrent-change = un changement simultané est passé en premier ; réessayer
violates-rule = enfreint la règle { $constraint }


# Pourquoi une requête est refusée : permissions, conflits, jetons.
forbidden-role = un jeton { $role } ne peut pas { $action }
token-missing = ce point de terminaison exige un jeton Authorization: Bearer
token-not-bearer = Authorization: Bearer <jeton> attendu
token-client-revoked = le client de l'API de ce jeton a été révoqué
token-unknown-key = jeton invalide : signé avec une clé inconnue ou retirée
token-expired = le jeton est expiré ; en obtenir un nouveau
token-immature = le jeton n'est pas encore valide (nbf est dans le futur)
token-bad-signature = jeton invalide : la signature ne correspond pas
token-bad-issuer = jeton invalide : émis par un autre émetteur
token-bad-audience = jeton invalide : destiné à un autre public
token-bad-algorithm = jeton invalide : seuls les jetons HS256 signés par ce service sont acceptés
token-missing-claim = jeton invalide : une revendication obligatoire manque
token-not-ours = jeton invalide : ce n'est pas un JWT émis par ce service
token-bad-binding = jeton invalide : le rôle et ses rattachements ne concordent pas
idempotency-key-format = doit compter de 1 à 255 caractères ASCII visibles
idempotency-key-reused = a déjà servi pour une autre requête ; utiliser une nouvelle clé
idempotency-key-in-flight = une requête avec cette Idempotency-Key est encore en cours de traitement
coop-manager-own-eligibility = un jeton coop_manager ne peut vérifier que sa propre coopérative
api-client-revoked = ce client est révoqué ; en créer un nouveau
feed-type-forbidden = un jeton { $role } ne peut pas suivre les changements de type { $kind }
feed-purged = les changements après ce curseur ont été purgés (plus anciens que la période de rétention) : prendre un nouvel instantané et suivre à partir de son Changes-Cursor
feed-restored = ce curseur vient de changements que la base ne contient plus (elle a été restaurée depuis une sauvegarde) : prendre un nouvel instantané et suivre à partir de son Changes-Cursor
forbidden-edit-cooperative = un jeton { $role } ne peut pas modifier cette coopérative
forbidden-standing = seul un admin peut changer federation_status, member_since ou left_on
enrollment-agreement-not-active = seules les ententes actives acceptent des inscriptions ; celle-ci est { $status }
enrollment-not-member = seules les coopératives membres peuvent être inscrites ; celle-ci est { $status }
coop-manager-own-enrollments = un jeton coop_manager ne peut lister que les inscriptions de sa propre coopérative
coop-manager-own-participations = un jeton coop_manager ne peut enregistrer que les participations de sa propre coopérative
measurements-computed = les valeurs de cet objectif sont calculées à partir de { $source } ; on ne peut pas y enregistrer de mesures
coop-manager-own-counts-read = un jeton coop_manager ne peut lire que les effectifs de sa propre coopérative
coop-manager-own-counts-write = un coop_manager ne peut écrire que les effectifs de sa propre coopérative
no-count-on-date = aucun effectif à cette date
no-count-by-date = cette coopérative n'a aucun effectif au { $on } ou avant
plan-has-orientations = le plan a encore des orientations ; les supprimer d'abord
project-has-presentations = une présentation renvoie à ce projet ; retirer d'abord le lien
agreement-has-enrollments = des coopératives sont inscrites à cette entente ; terminer ou retirer d'abord leurs inscriptions
cooperative-referenced = d'autres enregistrements renvoient à cette coopérative ; mettre plutôt son federation_status à former
orientation-has-objectives = l'orientation a encore des objectifs ; les supprimer d'abord
partner-has-agreements = le partenaire a des ententes de service ; y mettre fin plutôt que de le supprimer
delete-referenced = d'autres enregistrements y renvoient
plan-delete-not-draft = seules les ébauches de plan peuvent être supprimées et celui-ci est { $status } ; un plan adopté se ferme plutôt
plan-summary-draft = ce plan est une ébauche : son sommaire exige un jeton Authorization: Bearer
plan-status-backwards = un plan { $from } ne peut pas revenir à { $to } ; les plans passent de draft à adopted puis à closed
constraint-enrollment-overlap = la coopérative est déjà inscrite à cette entente pour une partie de ces dates
constraint-neq-taken = une autre coopérative a déjà ce neq
constraint-neq-format = 10 chiffres attendus
constraint-region = une région est obligatoire au Québec et refusée ailleurs
constraint-status-dates = member_since et left_on ne concordent pas avec le statut à la fédération
constraint-agreement-title = ce partenaire a déjà une entente portant ce titre
constraint-status = n'est pas un statut qui peut être enregistré
constraint-plan-title = un autre plan stratégique porte déjà ce titre
constraint-plan-overlap = un autre plan adopté couvre déjà une partie de cette période ; les plans adoptés ne peuvent pas se chevaucher (fermer d'abord l'autre)
constraint-plan-adoption = est obligatoire une fois un plan adopté, et absent tant qu'il est une ébauche
constraint-orientation-number = le plan a déjà une orientation portant ce numéro
constraint-event-title = un événement portant ce titre commence déjà à cette date
constraint-participation = la participation de cette coopérative à cet événement est déjà enregistrée
constraint-presentation-title = cet événement a déjà une présentation portant ce titre
constraint-count-date = cette coopérative a déjà un effectif à cette date (PUT le remplace)
constraint-partner-name = un autre partenaire porte déjà ce nom
constraint-partner-kind = n'est pas un type de partenaire connu
constraint-name-length = doit compter de 1 à 200 caractères
constraint-project-title = un projet portant ce titre existe déjà
constraint-funder = ce partenaire finance déjà ce projet
constraint-api-client-binding = un coop_manager exige un cooperative_id, un partner un partner_id, et aucun autre rôle ni l'un ni l'autre
constraint-objective-code = l'orientation a déjà un objectif portant ce code
constraint-objective-code-format = code attendu, par exemple 2.1
constraint-objective-direction = doit dépasser baseline_value dans le sens de l'objectif
constraint-measurement-day = l'objectif a déjà une mesure ce jour-là ; la modifier plutôt
constraint-representation-title = une représentation portant ce titre existe déjà
constraint-request-number = cette représentation a déjà une demande portant ce numéro
forbidden-read-counts = un jeton { $role } ne peut pas lire les effectifs de cette coopérative
forbidden-write-counts = un jeton { $role } ne peut pas écrire les effectifs de cette coopérative
