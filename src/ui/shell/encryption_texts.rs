//! Every text about encryption at rest (the unlock screen, Settings → encryption, encrypted
//! backups), in French and English (a missing one does not compile).

use crate::i18n::Lang;
use crate::state::vault::Migration;

/// The shortest passphrase accepted (characters).
pub const MIN_PASSPHRASE_CHARS: usize = 8;

pub struct EncryptionTexts {
    pub unlock_title: &'static str,
    pub unlock_intro: &'static str,
    pub passphrase: &'static str,
    pub unlock_button: &'static str,
    pub unlocking: &'static str,
    pub empty_passphrase: &'static str,
    pub forgot_title: &'static str,
    pub forgot_body: &'static str,
    pub forgot_download: &'static str,
    pub forgot_erase: &'static str,
    pub forgot_erase_confirm: &'static str,
    pub forgot_erase_button: &'static str,
    pub erase_failed: &'static str,
    pub section_title: &'static str,
    pub off_intro: &'static str,
    pub off_warning: &'static str,
    pub current_passphrase: &'static str,
    pub new_passphrase: &'static str,
    pub confirm_passphrase: &'static str,
    pub turn_on: &'static str,
    pub turning_on: &'static str,
    pub turned_on: &'static str,
    pub on_intro: &'static str,
    pub change_title: &'static str,
    pub change_button: &'static str,
    pub changing: &'static str,
    pub changed: &'static str,
    pub lock_now: &'static str,
    pub lock_unsaved: &'static str,
    pub turn_off_title: &'static str,
    pub turn_off_intro: &'static str,
    pub turn_off: &'static str,
    pub turn_off_confirm: &'static str,
    pub turn_off_confirm_button: &'static str,
    pub turning_off: &'static str,
    pub turned_off: &'static str,
    pub cancel: &'static str,
    pub too_short: &'static str,
    pub mismatch: &'static str,
    pub interrupted_on: &'static str,
    pub interrupted_off: &'static str,
    pub interrupted_rekey: &'static str,
    pub finish: &'static str,
    pub finishing: &'static str,
    pub memory_only: &'static str,
    pub backup_encrypted_note: &'static str,
    pub restore_passphrase_intro: &'static str,
    pub restore_open: &'static str,
    pub restore_opening: &'static str,
    pub restored_plain: &'static str,
    pub restored_encrypt: &'static str,
}

const FR: EncryptionTexts = EncryptionTexts {
    unlock_title: "Vos données sont chiffrées",
    unlock_intro: "Saisissez votre phrase secrète pour les ouvrir dans cet onglet. Elle ne quitte pas ce navigateur et n'est pas conservée\u{a0}: seule une clé qui en est dérivée reste en mémoire jusqu'à la fermeture de l'onglet.",
    passphrase: "Phrase secrète",
    unlock_button: "Déverrouiller",
    unlocking: "Déverrouillage… (le calcul de la clé est volontairement coûteux\u{a0}: il ralentit d'autant quiconque essaierait de deviner la phrase)",
    empty_passphrase: "Saisissez votre phrase secrète. Rien n'a été modifié.",
    forgot_title: "Phrase secrète oubliée\u{a0}?",
    forgot_body: "Sans elle, personne (pas même Relance) ne peut lire ces données. Si vous avez une sauvegarde non chiffrée, ou chiffrée avec une phrase dont vous vous souvenez, vous pourrez la restaurer après avoir effacé les données de ce navigateur. Avant d'effacer, vous pouvez garder une copie des données chiffrées telles qu'elles sont enregistrées\u{a0}: Relance ne sait pas la réimporter, mais elle reste intacte au cas où la phrase vous reviendrait.",
    forgot_download: "Télécharger les données chiffrées",
    forgot_erase: "Effacer les données de ce navigateur…",
    forgot_erase_confirm: "Effacer définitivement toutes les données de Relance de ce navigateur (chiffrées, donc illisibles sans la phrase secrète)\u{a0}? Relance repartira de zéro\u{a0}; vous pourrez restaurer une sauvegarde dans Réglages.",
    forgot_erase_button: "Oui, tout effacer",
    erase_failed: "Le navigateur a refusé d'effacer les données. Rien n'a été modifié.",
    section_title: "Chiffrement",
    off_intro: "Vos données sont enregistrées en clair dans ce navigateur\u{a0}: toute personne ou tout programme ayant accès à ce profil de navigateur peut les lire. Avec une phrase secrète, tout ce que Relance enregistre (factures, clients, taux, sauvegardes téléchargées) est chiffré (AES\u{2011}256\u{2011}GCM, clé dérivée par Argon2id), et Relance s'ouvre sur un écran de déverrouillage.",
    off_warning: "Si vous oubliez la phrase secrète, vos données seront illisibles\u{a0}: personne ne peut la retrouver. Téléchargez d'abord une sauvegarde et notez la phrase en lieu sûr.",
    current_passphrase: "Phrase secrète actuelle",
    new_passphrase: "Nouvelle phrase secrète (8\u{a0}caractères minimum, idéalement une phrase de plusieurs mots)",
    confirm_passphrase: "Confirmez la nouvelle phrase secrète",
    turn_on: "Chiffrer mes données",
    turning_on: "Chiffrement en cours… (dérivation de la clé, puis chaque valeur est réécrite chiffrée)",
    turned_on: "Vos données sont chiffrées. À la prochaine ouverture, Relance demandera la phrase secrète.",
    on_intro: "Vos données sont chiffrées dans ce navigateur (AES\u{2011}256\u{2011}GCM, clé dérivée de votre phrase secrète par Argon2id). Les sauvegardes téléchargées sont également chiffrées\u{a0}: la même phrase les ouvre.",
    change_title: "Changer la phrase secrète",
    change_button: "Changer la phrase secrète",
    changing: "Changement de la phrase secrète et rechiffrement de vos données…",
    changed: "La phrase secrète a été changée, et vos données rechiffrées sous une nouvelle clé\u{a0}: l'ancienne phrase n'ouvre plus rien de ce qui est enregistré ici. Les sauvegardes déjà téléchargées s'ouvrent toujours avec l'ancienne.",
    lock_now: "Verrouiller maintenant",
    lock_unsaved: "Pas verrouillé\u{a0}: une modification n'est pas enregistrée et serait perdue. Téléchargez d'abord une sauvegarde (bandeau en haut de la page).",
    turn_off_title: "Désactiver le chiffrement",
    turn_off_intro: "Vos données seront de nouveau enregistrées en clair dans ce navigateur, et les sauvegardes téléchargées ne seront plus chiffrées.",
    turn_off: "Désactiver le chiffrement…",
    turn_off_confirm: "Enregistrer de nouveau vos données en clair dans ce navigateur\u{a0}?",
    turn_off_confirm_button: "Oui, désactiver le chiffrement",
    turning_off: "Déchiffrement en cours…",
    turned_off: "Le chiffrement est désactivé\u{a0}: vos données sont enregistrées en clair.",
    cancel: "Annuler",
    too_short: "La phrase secrète doit compter au moins 8 caractères. Rien n'a été modifié.",
    mismatch: "Les deux saisies ne sont pas identiques. Rien n'a été modifié.",
    interrupted_on: "Le chiffrement de vos données a été interrompu\u{a0}: elles restent lisibles, en partie chiffrées. Terminez-le pour que plus rien ne reste en clair.",
    interrupted_off: "La désactivation du chiffrement a été interrompue\u{a0}: vos données restent lisibles, en partie chiffrées. Terminez-la.",
    interrupted_rekey: "Le rechiffrement de vos données sous la nouvelle phrase secrète a été interrompu\u{a0}: seule la nouvelle phrase les ouvre, et elles restent lisibles. Terminez-le pour que l'ancienne clé ne serve plus à rien.",
    finish: "Terminer",
    finishing: "En cours…",
    memory_only: "Ce navigateur ne laisse pas Relance enregistrer de données\u{a0}: il n'y a rien à chiffrer.",
    backup_encrypted_note: "Le chiffrement est activé\u{a0}: la sauvegarde est chiffrée, votre phrase secrète l'ouvre.",
    restore_passphrase_intro: "Cette sauvegarde est chiffrée. Saisissez la phrase secrète avec laquelle elle a été faite.",
    restore_open: "Ouvrir la sauvegarde",
    restore_opening: "Ouverture…",
    restored_plain: "Cette sauvegarde était chiffrée, mais vos données ne le sont pas dans ce navigateur.",
    restored_encrypt: "Les chiffrer avec la même phrase secrète",
};

const EN: EncryptionTexts = EncryptionTexts {
    unlock_title: "Your data is encrypted",
    unlock_intro: "Enter your passphrase to open it in this tab. It never leaves this browser and is not kept: only a key derived from it stays in memory until the tab is closed.",
    passphrase: "Passphrase",
    unlock_button: "Unlock",
    unlocking: "Unlocking… (deriving the key is costly on purpose: it slows down anyone trying to guess the passphrase just as much)",
    empty_passphrase: "Enter your passphrase. Nothing was changed.",
    forgot_title: "Forgot your passphrase?",
    forgot_body: "Without it, nobody (not even Relance) can read this data. If you have a backup that is not encrypted, or encrypted with a passphrase you remember, you can restore it after erasing the data of this browser. Before erasing, you can keep a copy of the encrypted data as it is stored: Relance cannot import it again, but it stays intact in case the passphrase comes back to you.",
    forgot_download: "Download the encrypted data",
    forgot_erase: "Erase the data of this browser…",
    forgot_erase_confirm: "Erase all of Relance's data from this browser for good (encrypted, so unreadable without the passphrase)? Relance will start afresh; you can restore a backup in Settings.",
    forgot_erase_button: "Yes, erase everything",
    erase_failed: "The browser refused to erase the data. Nothing was changed.",
    section_title: "Encryption",
    off_intro: "Your data is stored unencrypted in this browser: anyone or any program with access to this browser profile can read it. With a passphrase, everything Relance stores (invoices, clients, rates, downloaded backups) is encrypted (AES\u{2011}256\u{2011}GCM, key derived with Argon2id), and Relance opens on an unlock screen.",
    off_warning: "If you forget the passphrase, your data cannot be read: nobody can recover it. Download a backup first and keep the passphrase somewhere safe.",
    current_passphrase: "Current passphrase",
    new_passphrase: "New passphrase (at least 8 characters; a sentence of several words is best)",
    confirm_passphrase: "Confirm the new passphrase",
    turn_on: "Encrypt my data",
    turning_on: "Encrypting… (deriving the key, then every value is rewritten encrypted)",
    turned_on: "Your data is encrypted. Next time it opens, Relance will ask for the passphrase.",
    on_intro: "Your data is encrypted in this browser (AES\u{2011}256\u{2011}GCM, key derived from your passphrase with Argon2id). Downloaded backups are encrypted too: the same passphrase opens them.",
    change_title: "Change the passphrase",
    change_button: "Change the passphrase",
    changing: "Changing the passphrase and re-encrypting your data…",
    changed: "The passphrase is changed, and your data re-encrypted under a new key: the old passphrase no longer opens anything stored here. Backups downloaded before still open with the old one.",
    lock_now: "Lock now",
    lock_unsaved: "Not locked: a change is not saved and would be lost. Download a backup first (banner at the top of the page).",
    turn_off_title: "Turn encryption off",
    turn_off_intro: "Your data will be stored unencrypted in this browser again, and downloaded backups will no longer be encrypted.",
    turn_off: "Turn encryption off…",
    turn_off_confirm: "Store your data unencrypted in this browser again?",
    turn_off_confirm_button: "Yes, turn encryption off",
    turning_off: "Decrypting…",
    turned_off: "Encryption is off: your data is stored unencrypted.",
    cancel: "Cancel",
    too_short: "The passphrase must have at least 8 characters. Nothing was changed.",
    mismatch: "The two entries differ. Nothing was changed.",
    interrupted_on: "Encrypting your data was interrupted: it stays readable, partly encrypted. Finish it so that nothing stays unencrypted.",
    interrupted_off: "Turning encryption off was interrupted: your data stays readable, partly encrypted. Finish it.",
    interrupted_rekey: "Re-encrypting your data under the new passphrase was interrupted: only the new passphrase opens it, and it stays readable. Finish it so that the old key serves no more.",
    finish: "Finish",
    finishing: "Working…",
    memory_only: "This browser does not let Relance store any data: there is nothing to encrypt.",
    backup_encrypted_note: "Encryption is on: the backup is encrypted, your passphrase opens it.",
    restore_passphrase_intro: "This backup is encrypted. Enter the passphrase it was made with.",
    restore_open: "Open the backup",
    restore_opening: "Opening…",
    restored_plain: "This backup was encrypted, but your data is not in this browser.",
    restored_encrypt: "Encrypt it with the same passphrase",
};

/// The texts of an interrupted migration, by language then [`Migration`] ([`interrupted`]).
///
/// Read from this table, never through [`EncryptionTexts`]: the banner is in the core wasm, and
/// code there that reads a field of `FR` or `EN` brings the whole struct, so every text of the
/// unlock screen and Settings → encryption (~7 KB), into what a first visit downloads. A
/// static's initialiser is evaluated at compile time: the table holds these six texts only.
static INTERRUPTED: [[&str; 3]; 2] = [
    [FR.interrupted_on, FR.interrupted_off, FR.interrupted_rekey],
    [EN.interrupted_on, EN.interrupted_off, EN.interrupted_rekey],
];

/// What to say of an interrupted `migration` (the banner on every page, Settings).
pub fn interrupted(lang: Lang, migration: Migration) -> &'static str {
    let [on, off, rekey] = INTERRUPTED[match lang {
        Lang::Fr => 0,
        Lang::En => 1,
    }];
    match migration {
        Migration::Encrypting => on,
        Migration::Decrypting => off,
        Migration::Rekeying => rekey,
    }
}

pub fn encryption_texts(lang: Lang) -> &'static EncryptionTexts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// Why a new passphrase (typed twice) is refused, if it is: too short, or the two differ.
pub fn check_new_passphrase(first: &str, second: &str, lang: Lang) -> Result<(), &'static str> {
    let texts = encryption_texts(lang);
    if first.chars().count() < MIN_PASSPHRASE_CHARS {
        Err(texts.too_short)
    } else if first != second {
        Err(texts.mismatch)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_passphrase_needs_eight_characters_typed_twice_alike() {
        assert_eq!(
            check_new_passphrase("short", "short", Lang::En),
            Err(EN.too_short)
        );
        // Characters, not bytes: eight accented letters are enough.
        assert_eq!(
            check_new_passphrase("éééééééé", "éééééééé", Lang::Fr),
            Ok(())
        );
        assert_eq!(
            check_new_passphrase("long enough", "long enougH", Lang::Fr),
            Err(FR.mismatch)
        );
        assert_eq!(
            check_new_passphrase("long enough", "long enough", Lang::En),
            Ok(())
        );
    }
}
