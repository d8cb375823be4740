//! Every sentence the app shows, in Vietnamese (the default) and English.

use crate::{api::ApiError, time::Ago};
use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The BCP 47 tag, for `<html lang>` and date formatting.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.tag() == tag)
    }

    /// Each language is offered in its own name.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Vi => "Tiếng Việt",
            Lang::En => "English",
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }
}

/// The current language, shared through context; `t()` reads it reactively.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

impl I18n {
    pub fn t(self) -> &'static Strings {
        self.0.get().strings()
    }

    /// A reactive text for views: `{i18n.text(|t| t.sign_in)}`. Every call returns the same
    /// closure type, so the many texts of the app share one rendering code path (a smaller wasm).
    pub fn text(
        self,
        pick: fn(&'static Strings) -> &'static str,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || pick(self.t())
    }
}

pub fn use_i18n() -> I18n {
    expect_context()
}

pub struct Strings {
    pub app_title: &'static str,
    pub language: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub admin_id: &'static str,
    pub admin_id_hint: &'static str,
    pub hash: &'static str,
    pub hash_hint: &'static str,
    pub show_hash: &'static str,
    pub hide_hash: &'static str,
    pub remember_me: &'static str,
    pub remember_me_hint: &'static str,
    pub sign_in: &'static str,
    pub signing_in: &'static str,
    pub admin_id_missing: &'static str,
    pub admin_id_invalid: &'static str,
    pub hash_missing: &'static str,
    pub signed_in_as: fn(u64) -> String,
    pub sign_out: &'static str,
    pub history_title: &'static str,
    pub page_n: fn(u32) -> String,
    pub loading: &'static str,
    pub pagination: &'static str,
    pub first_page: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub last_page_note: &'static str,
    pub go_to_page: &'static str,
    pub go: &'static str,
    pub page_number_invalid: &'static str,
    pub no_conversations: &'static str,
    pub no_more: &'static str,
    pub back_to_previous: &'static str,
    pub skipped: fn(usize) -> String,
    pub retry: &'static str,
    pub conversations_on_page: fn(usize, u32) -> String,
    pub online: &'static str,
    pub offline: &'static str,
    pub guest: fn(u64) -> String,
    pub customer_id: fn(u64) -> String,
    pub phone: &'static str,
    pub email: &'static str,
    pub address: &'static str,
    pub no_message: &'static str,
    pub written_from: &'static str,
    pub product: fn(u64) -> String,
    pub vatgia_user: &'static str,
    pub support: fn(u64) -> String,
    pub ago: fn(Ago) -> String,
    pub locale: &'static str,
    pub error_title: &'static str,
    pub network_error: &'static str,
    pub timeout_error: fn(u64) -> String,
    pub status_error: fn(u16) -> String,
    pub not_json_error: &'static str,
    pub shape_error: &'static str,
    pub refused: fn(&str) -> String,
    pub refused_no_hash: &'static str,
    pub refused_hash_failed: &'static str,
    pub refused_without_reason: &'static str,
}

impl Strings {
    /// A sentence for the user; `timeout` is the configured limit, said in whole seconds.
    pub fn error(&self, error: &ApiError, timeout: Duration) -> String {
        match error {
            ApiError::Network => self.network_error.to_owned(),
            ApiError::Timeout => (self.timeout_error)(timeout.as_secs().max(1)),
            ApiError::Status(code) => (self.status_error)(*code),
            ApiError::NotJson => self.not_json_error.to_owned(),
            ApiError::Shape => self.shape_error.to_owned(),
            ApiError::Refused(reason) => (self.refused)(&self.refusal_reason(reason)),
        }
    }

    /// vChat's reasons come in Vietnamese without diacritics; the known ones get a proper sentence,
    /// any other is quoted as sent.
    fn refusal_reason(&self, reason: &str) -> String {
        match reason.trim().to_ascii_lowercase().as_str() {
            "" => self.refused_without_reason.to_owned(),
            "khong co ma bao mat" => self.refused_no_hash.to_owned(),
            "hash failed" => self.refused_hash_failed.to_owned(),
            _ => format!("“{}”", reason.trim()),
        }
    }
}

static VI: Strings = Strings {
    app_title: "Lịch sử chat vChat",
    language: "Ngôn ngữ",
    sign_in_title: "Đăng nhập",
    sign_in_intro: "Nhập mã quản trị và mã bảo mật của tài khoản vChat để xem toàn bộ lịch sử trò chuyện với khách hàng.",
    admin_id: "Mã quản trị (sso_id)",
    admin_id_hint: "Một số nguyên dương, ví dụ 218.",
    hash: "Mã bảo mật (hash_setting)",
    hash_hint: "Mã bảo mật vChat cấp khi đăng nhập.",
    show_hash: "Hiện",
    hide_hash: "Ẩn",
    remember_me: "Ghi nhớ trên máy này",
    remember_me_hint: "Nếu không chọn, phiên đăng nhập sẽ mất khi đóng thẻ trình duyệt.",
    sign_in: "Đăng nhập",
    signing_in: "Đang kiểm tra…",
    admin_id_missing: "Hãy nhập mã quản trị.",
    admin_id_invalid: "Mã quản trị phải là một số nguyên dương.",
    hash_missing: "Hãy nhập mã bảo mật.",
    signed_in_as: |id| format!("Quản trị viên #{id}"),
    sign_out: "Đăng xuất",
    history_title: "Lịch sử trò chuyện",
    page_n: |n| format!("Trang {n}"),
    loading: "Đang tải…",
    pagination: "Phân trang",
    first_page: "Trang đầu",
    previous_page: "Trang trước",
    next_page: "Trang sau",
    last_page_note: "Đây là trang cuối",
    go_to_page: "Đến trang",
    go: "Đi",
    page_number_invalid: "Số trang phải là số nguyên dương.",
    no_conversations: "Chưa có cuộc trò chuyện nào.",
    no_more: "Không còn cuộc trò chuyện nào ở trang này.",
    back_to_previous: "Về trang trước",
    skipped: |n| format!("{n} cuộc trò chuyện không đọc được."),
    retry: "Thử lại",
    conversations_on_page: |n, page| format!("{n} cuộc trò chuyện, trang {page}"),
    online: "Đang trực tuyến",
    offline: "Ngoại tuyến",
    guest: |id| format!("Khách {id}"),
    customer_id: |id| format!("Mã khách {id}"),
    phone: "Điện thoại",
    email: "Email",
    address: "Địa chỉ",
    no_message: "Chưa có tin nhắn",
    written_from: "Trang khách đã xem",
    product: |id| format!("Sản phẩm #{id}"),
    vatgia_user: "Thành viên Vatgia",
    support: |id| format!("Hỗ trợ viên #{id}"),
    ago: |ago| match ago {
        Ago::JustNow => "vừa xong".to_owned(),
        Ago::Minutes(n) => format!("{n} phút trước"),
        Ago::Hours(n) => format!("{n} giờ trước"),
        Ago::Days(n) => format!("{n} ngày trước"),
        Ago::Months(n) => format!("{n} tháng trước"),
        Ago::Years(n) => format!("{n} năm trước"),
    },
    locale: "vi-VN",
    error_title: "Không tải được lịch sử",
    network_error: "Không kết nối được tới máy chủ vChat. Hãy kiểm tra mạng rồi thử lại.",
    timeout_error: |s| format!("Máy chủ vChat không trả lời sau {s} giây. Hãy thử lại."),
    status_error: |code| format!("Máy chủ vChat đang gặp lỗi (mã HTTP {code}). Hãy thử lại sau ít phút."),
    not_json_error: "Máy chủ vChat trả về một trang lỗi hoặc dữ liệu bị cắt ngang thay vì lịch sử trò chuyện. Hãy thử lại.",
    shape_error: "Máy chủ vChat trả về dữ liệu không đúng định dạng lịch sử trò chuyện.",
    refused: |reason| format!("vChat từ chối yêu cầu: {reason}"),
    refused_no_hash: "mã bảo mật không đúng hoặc đã hết hạn.",
    refused_hash_failed: "mã bảo mật không hợp lệ.",
    refused_without_reason: "không rõ lý do.",
};

static EN: Strings = Strings {
    app_title: "vChat History",
    language: "Language",
    sign_in_title: "Sign in",
    sign_in_intro: "Enter your vChat admin id and security hash to browse every conversation with your customers.",
    admin_id: "Admin id (sso_id)",
    admin_id_hint: "A positive whole number, e.g. 218.",
    hash: "Security hash (hash_setting)",
    hash_hint: "The security code vChat issued when you logged in.",
    show_hash: "Show",
    hide_hash: "Hide",
    remember_me: "Remember me on this device",
    remember_me_hint: "Otherwise the session ends when this browser tab closes.",
    sign_in: "Sign in",
    signing_in: "Checking…",
    admin_id_missing: "Enter your admin id.",
    admin_id_invalid: "The admin id must be a positive whole number.",
    hash_missing: "Enter your security hash.",
    signed_in_as: |id| format!("Admin #{id}"),
    sign_out: "Sign out",
    history_title: "Conversation history",
    page_n: |n| format!("Page {n}"),
    loading: "Loading…",
    pagination: "Pagination",
    first_page: "First page",
    previous_page: "Previous page",
    next_page: "Next page",
    last_page_note: "This is the last page",
    go_to_page: "Go to page",
    go: "Go",
    page_number_invalid: "The page number must be a positive whole number.",
    no_conversations: "No conversations yet.",
    no_more: "No more conversations on this page.",
    back_to_previous: "Back to the previous page",
    skipped: |n| match n {
        1 => "1 conversation could not be read.".to_owned(),
        n => format!("{n} conversations could not be read."),
    },
    retry: "Try again",
    conversations_on_page: |n, page| match n {
        1 => format!("1 conversation, page {page}"),
        n => format!("{n} conversations, page {page}"),
    },
    online: "Online",
    offline: "Offline",
    guest: |id| format!("Guest {id}"),
    customer_id: |id| format!("Customer {id}"),
    phone: "Phone",
    email: "Email",
    address: "Address",
    no_message: "No messages yet",
    written_from: "Page the customer was on",
    product: |id| format!("Product #{id}"),
    vatgia_user: "Vatgia member",
    support: |id| format!("Agent #{id}"),
    ago: |ago| {
        let (n, unit) = match ago {
            Ago::JustNow => return "just now".to_owned(),
            Ago::Minutes(n) => (n, "minute"),
            Ago::Hours(n) => (n, "hour"),
            Ago::Days(n) => (n, "day"),
            Ago::Months(n) => (n, "month"),
            Ago::Years(n) => (n, "year"),
        };
        let plural = if n == 1 { "" } else { "s" };
        format!("{n} {unit}{plural} ago")
    },
    locale: "en-GB",
    error_title: "The history could not be loaded",
    network_error: "Could not reach the vChat server. Check your connection and try again.",
    timeout_error: |s| format!("The vChat server did not answer within {s} seconds. Try again."),
    status_error: |code| format!("The vChat server had an error (HTTP {code}). Try again in a few minutes."),
    not_json_error: "The vChat server sent an error page or a cut-off reply instead of the history. Try again.",
    shape_error: "The vChat server sent data that is not a conversation history.",
    refused: |reason| format!("vChat refused the request: {reason}"),
    refused_no_hash: "the security hash is wrong or has expired.",
    refused_hash_failed: "the security hash is not valid.",
    refused_without_reason: "no reason given.",
};

#[cfg(test)]
mod tests {
    use super::*;

    const FIFTEEN: Duration = Duration::from_secs(15);

    #[test]
    fn known_refusals_read_as_sentences_and_others_are_quoted() {
        let vi = Lang::Vi.strings();
        let refused = |text: &str| vi.error(&ApiError::Refused(text.into()), FIFTEEN);
        assert_eq!(
            refused("Khong co ma bao mat"),
            "vChat từ chối yêu cầu: mã bảo mật không đúng hoặc đã hết hạn."
        );
        assert_eq!(refused(""), "vChat từ chối yêu cầu: không rõ lý do.");
        assert_eq!(
            refused(" Tai khoan bi khoa "),
            "vChat từ chối yêu cầu: “Tai khoan bi khoa”"
        );
        let en = Lang::En
            .strings()
            .error(&ApiError::Refused("KHONG CO MA BAO MAT".into()), FIFTEEN);
        assert_eq!(
            en,
            "vChat refused the request: the security hash is wrong or has expired."
        );
    }

    #[test]
    fn every_error_has_its_own_message_in_each_language() {
        let errors = [
            ApiError::Network,
            ApiError::Timeout,
            ApiError::Status(502),
            ApiError::NotJson,
            ApiError::Shape,
            ApiError::Refused("x".into()),
        ];
        for lang in Lang::ALL {
            let messages: Vec<_> = errors
                .iter()
                .map(|e| lang.strings().error(e, FIFTEEN))
                .collect();
            for (i, message) in messages.iter().enumerate() {
                assert!(!messages[..i].contains(message), "{message}");
            }
            assert!(messages[1].contains("15") && messages[2].contains("502"));
        }
    }

    #[test]
    fn relative_times_read_naturally() {
        assert_eq!((Lang::Vi.strings().ago)(Ago::Days(3)), "3 ngày trước");
        assert_eq!((Lang::En.strings().ago)(Ago::Days(1)), "1 day ago");
        assert_eq!((Lang::En.strings().ago)(Ago::Hours(2)), "2 hours ago");
        assert_eq!(
            (Lang::En.strings().skipped)(1),
            "1 conversation could not be read."
        );
    }

    #[test]
    fn tags_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("fr"), None);
    }
}
