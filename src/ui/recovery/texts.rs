//! The recovery screen's words, in French and English: in the recovery chunk, not in the
//! first visit's code.

use crate::i18n::Lang;

pub struct RecoveryTexts {
    pub recovery_title: &'static str,
    pub recovery_future_title: &'static str,
    pub recovery_safe: &'static str,
    pub recovery_download: &'static str,
    pub recovery_start_afresh: &'static str,
    pub recovery_confirm: &'static str,
    pub recovery_confirm_button: &'static str,
    pub recovery_cancel: &'static str,
    pub recovery_failed: &'static str,
}

static FR: RecoveryTexts = RecoveryTexts {
    recovery_title: "Vos données enregistrées n'ont pas pu être relues",
    recovery_future_title: "Vos données viennent d'une version plus récente de Relance",
    recovery_safe: "Rien n'a été modifié ni effacé. Le simulateur reste utilisable en attendant.",
    recovery_download: "Télécharger les données enregistrées telles quelles",
    recovery_start_afresh: "Mettre ces données de côté et repartir de zéro…",
    recovery_confirm: "Les données illisibles seront copiées à part dans ce navigateur (rien n'est supprimé) et Relance repartira d'un registre vide. Téléchargez-les d'abord si vous voulez les faire examiner. Continuer\u{a0}?",
    recovery_confirm_button: "Oui, mettre de côté et repartir de zéro",
    recovery_cancel: "Annuler",
    recovery_failed: "Impossible de les mettre de côté (stockage plein\u{a0}?)\u{a0}: rien n'a été modifié. Libérez de la place ou téléchargez-les, puis réessayez.",
};

static EN: RecoveryTexts = RecoveryTexts {
    recovery_title: "Your saved data could not be read",
    recovery_future_title: "Your data comes from a newer version of Relance",
    recovery_safe: "Nothing was changed or deleted. The Simulator still works meanwhile.",
    recovery_download: "Download the saved data as it is",
    recovery_start_afresh: "Set this data aside and start afresh…",
    recovery_confirm: "The unreadable data will be copied aside in this browser (nothing is deleted) and Relance will start from an empty ledger. Download it first if you want it examined. Continue?",
    recovery_confirm_button: "Yes, set it aside and start afresh",
    recovery_cancel: "Cancel",
    recovery_failed: "It could not be set aside (storage full?): nothing was changed. Free some space or download it, then try again.",
};

pub fn recovery_texts(lang: Lang) -> &'static RecoveryTexts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}
