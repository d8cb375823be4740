//! The demo accounts' conversations: generated from fixed seeds, so every run serves the same
//! people and messages (only the times follow the clock, newest first).

use crate::{
    leads, threads,
    wire::{Conversation, Message},
};

pub const ADMIN_ID: u64 = 218;
pub const ADMIN_HASH: &str = "3f6c1a9e7b2d4c8f0e5a9b1c7d3e6f24";
pub const CONVERSATIONS: usize = 437;

/// The large demo account: years of history with leads, to search and export.
pub const LARGE_ADMIN_ID: u64 = 2026;
pub const LARGE_ADMIN_HASH: &str = "7d41c9e0a3b85f26e1c4d9a07b3f5e82";
/// 100 pages, the last one short.
pub const LARGE_CONVERSATIONS: usize = 2_987;

/// The account of a shop with years of conversations: 1,000 pages.
pub const HUGE_ADMIN_ID: u64 = 30_000;
pub const HUGE_ADMIN_HASH: &str = "c0ffee30000a11c0ffee30000a11beef";
pub const HUGE_CONVERSATIONS: usize = 30_000;

/// A demo account and its customers.
pub struct Account {
    pub id: u64,
    pub hash: &'static str,
    pub customers: Vec<Customer>,
}

/// The generated accounts: the shop, the large one and the huge one.
pub fn accounts() -> Vec<Account> {
    vec![
        Account {
            id: ADMIN_ID,
            hash: ADMIN_HASH,
            customers: generate(),
        },
        Account {
            id: LARGE_ADMIN_ID,
            hash: LARGE_ADMIN_HASH,
            customers: generate_large(),
        },
        Account {
            id: HUGE_ADMIN_ID,
            hash: HUGE_ADMIN_HASH,
            customers: generate_huge(),
        },
    ]
}

/// The huge account's: as the large one's, each customer once (guests' random ids are made
/// unique, which 30,000 draws would not be).
fn generate_huge() -> Vec<Customer> {
    let mut customers = generate_with(
        0x3000_0c0f_fee0_0030,
        HUGE_ADMIN_ID,
        HUGE_CONVERSATIONS,
        Some(leads::message),
    );
    let mut seen = std::collections::HashSet::new();
    for customer in &mut customers {
        while !seen.insert(customer.id) {
            customer.id += 20_000_000;
            if customer.guest {
                customer.name = format!("Khách - {}", customer.id);
            }
        }
    }
    customers
}

/// The `serial`th customer to come since the start, to account `admin`: "Khách mới 1", …
pub fn newcomer(admin: u64, serial: u64) -> Option<Customer> {
    let mut customer = generate_with(0x4e65_7700 ^ serial, admin, 1, None).pop()?;
    customer.id = 900_000_000 + serial;
    customer.guest = false;
    customer.name = format!("Khách mới {serial}");
    customer.message_id = 500_000 + serial;
    customer.reply = None;
    Some(customer)
}

/// `customer` writes again (the `serial`th new message since the start).
pub fn write_again(customer: &mut Customer, serial: u64) {
    customer.message_id = 500_000 + serial;
    customer.message = format!("Cho mình hỏi lại lần {serial}");
    customer.reply = None;
}

pub const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
pub const MIDDLE: &[&str] = &[
    "Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Thu", "Quốc", "Kim",
];
pub const GIVEN: &[&str] = &[
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Quỳnh", "Sơn",
    "Tâm", "Thảo", "Trang", "Trung", "Tuấn", "Vy",
];
const STREETS: &[&str] = &[
    "102 Thái Thịnh, Đống Đa, Hà Nội",
    "15 Lữ Gia, Quận 11, TP. Hồ Chí Minh",
    "48 Trần Phú, Hải Châu, Đà Nẵng",
    "7 Lê Lợi, Ninh Kiều, Cần Thơ",
    "221 Nguyễn Trãi, Thanh Xuân, Hà Nội",
    "36 Hùng Vương, TP. Huế",
    "9 Điện Biên Phủ, Bình Thạnh, TP. Hồ Chí Minh",
    "64 Lạch Tray, Ngô Quyền, Hải Phòng",
];
const PRODUCTS: &[(&str, &str)] = &[
    (
        "giay-da-bong-adidas-f50-messi",
        "Giầy đá bóng Adidas F50 còn size 41 không shop?",
    ),
    (
        "dien-thoai-samsung-galaxy-a55",
        "Samsung Galaxy A55 bản 8GB còn màu xanh không ạ?",
    ),
    (
        "noi-com-dien-sharp-1-8l",
        "Nồi cơm điện Sharp 1.8L bảo hành bao lâu vậy shop?",
    ),
    (
        "tai-nghe-bluetooth-sony-wh1000xm5",
        "Tai nghe Sony này có trả góp 0% không?",
    ),
    (
        "ao-khoac-gio-nam-the-north-face",
        "Áo khoác gió size L còn hàng không ạ?",
    ),
    (
        "may-loc-nuoc-kangaroo-kg100",
        "Máy lọc nước có lắp đặt tận nhà ở Hà Nội không?",
    ),
    (
        "sua-bot-meiji-so-9",
        "Sữa Meiji số 9 hộp 800g giá bao nhiêu ạ?",
    ),
    (
        "balo-laptop-chong-nuoc-15-6",
        "Balo này đựng vừa laptop 15.6 inch không shop?",
    ),
    (
        "quat-dieu-hoa-sunhouse-shd7727",
        "Quạt điều hoà giao trong ngày được không?",
    ),
    (
        "kem-chong-nang-anessa-60ml",
        "Kem chống nắng Anessa có phải hàng chính hãng không?",
    ),
];
pub const REPLIES: &[&str] = &[
    "Cảm ơn shop, mình sẽ đặt hàng ngay.",
    "Shop giao hàng mất mấy ngày ạ?",
    "Mình chuyển khoản rồi nhé, shop kiểm tra giúp.",
    "Có mã giảm giá nào không shop ơi?",
    "Cho mình xin địa chỉ cửa hàng để qua xem trực tiếp.",
    "Hàng nhận được rồi, đóng gói rất cẩn thận. Cảm ơn shop!",
    "Mình muốn đổi sang màu khác được không?",
    "ok shop",
];

/// A small deterministic generator (xorshift64*): the same seed gives the same data set.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

pub struct Customer {
    /// The account's admin id.
    pub admin: u64,
    pub id: u64,
    pub name: String,
    pub guest: bool,
    pub online: bool,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub avatar: Avatar,
    pub product_id: u64,
    pub vatgia_user: bool,
    pub support_id: u64,
    pub hash: String,
    pub message_id: u64,
    /// The customer's last message.
    pub message: String,
    pub link: String,
    /// Seconds before the newest message.
    pub age: u64,
    /// The shop's answer to `message`, when the shop wrote last.
    pub reply: Option<Reply>,
}

/// The shop's answer to a customer's last message: the conversation's newest message.
pub struct Reply {
    /// The shop's account, or the agent who wrote it.
    pub writer: u64,
    /// The agent, `0` for the shop's account.
    pub agent: u64,
    pub text: &'static str,
    /// Seconds after the customer's message.
    pub after: u64,
}

/// The page a shop's message is written from.
pub const SUPPORT_PAGE: &str = "http://vchat.vn/home/support_v2.php";

/// About a third of the customers have had the shop's answer; the others wait for one. Drawn
/// from each customer's id, so that the rest of the data stays as it was.
fn answer(customers: &mut [Customer]) {
    for c in customers {
        let mut rng = Rng(c.id.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        if rng.chance(35) {
            let (writer, agent) = match c.support_id {
                0 => (c.admin, 0),
                agent => (agent, agent),
            };
            c.reply = Some(Reply {
                writer,
                agent,
                text: rng.pick(threads::SHOP_LINES),
                after: 60 + rng.below(3 * 3600) as u64,
            });
        }
    }
}

pub enum Avatar {
    Own,
    Missing,
    Broken,
}

/// The shop's conversations.
pub fn generate() -> Vec<Customer> {
    generate_with(0x5eed_1234_abcd_0001, ADMIN_ID, CONVERSATIONS, None)
}

/// The large account's: more guests, most of whom left a name and number in their first message,
/// written in every way guests write them, and two customers the tests look for.
pub fn generate_large() -> Vec<Customer> {
    let mut customers = generate_with(
        0x1a29_e5ee_d000_2026,
        LARGE_ADMIN_ID,
        LARGE_CONVERSATIONS,
        Some(leads::message),
    );
    for (index, name, phone, message) in leads::LANDMARKS {
        if let Some(c) = customers.get_mut(*index) {
            c.name = (*name).to_owned();
            c.guest = name.starts_with("Khách - ");
            if c.guest {
                c.name = format!("Khách - {}", c.id);
                c.email.clear();
                c.address.clear();
                c.vatgia_user = false;
            }
            c.phone = (*phone).to_owned();
            c.message = (*message).to_owned();
            c.reply = None;
        }
    }
    customers
}

/// Writes a customer's last message: `(rng, guest, name, question)`.
type Messages = fn(&mut Rng, bool, &str, &str) -> String;

fn generate_with(seed: u64, admin: u64, count: usize, messages: Option<Messages>) -> Vec<Customer> {
    let mut rng = Rng(seed);
    let mut age = 40;
    let guests = if messages.is_some() { 45 } else { 30 };
    // Message ids count down from the newest; new messages (`write_again`) take 500,000 on.
    let newest_message = (count as u64 * 13).max(200_000);
    let mut customers: Vec<Customer> = (0..count)
        .map(|i| {
            let guest = rng.chance(guests);
            let id = if guest {
                150_000_000 + rng.below(20_000_000) as u64
            } else {
                1_000_000 + i as u64 * 7919
            };
            let name = if guest {
                format!("Khách - {id}")
            } else {
                format!(
                    "{} {} {}",
                    rng.pick(FAMILY),
                    rng.pick(MIDDLE),
                    rng.pick(GIVEN)
                )
            };
            let phone = if guest || rng.chance(20) {
                String::new()
            } else {
                format!(
                    "0{}{:08}",
                    rng.pick(&["9", "3", "8", "7"]),
                    rng.below(100_000_000)
                )
            };
            let email = if guest || rng.chance(40) {
                String::new()
            } else {
                format!(
                    "{}.{}@gmail.com",
                    ascii(name.split(' ').next_back().unwrap_or("khach")),
                    id % 1000
                )
            };
            let address = if guest || rng.chance(50) {
                String::new()
            } else {
                rng.pick(STREETS).to_owned()
            };
            let (slug, question) = PRODUCTS[rng.below(PRODUCTS.len())];
            let product = 3_000_000 + rng.below(999_999) as u64;
            let message = match messages {
                Some(write) => write(&mut rng, guest, &name, question),
                None if rng.chance(55) => format!("Khách: {name}  {phone}  {question}"),
                None => rng.pick(REPLIES).to_owned(),
            };
            let avatar = match rng.below(10) {
                0 => Avatar::Broken,
                1 | 2 => Avatar::Missing,
                _ => Avatar::Own,
            };
            let customer = Customer {
                admin,
                id,
                online: rng.chance(12),
                phone,
                email,
                address,
                avatar,
                product_id: if rng.chance(20) { product } else { 0 },
                vatgia_user: !guest && rng.chance(60),
                support_id: if rng.chance(25) { 630_394 } else { 0 },
                hash: format!("{:016x}{:016x}", rng.next(), rng.next()),
                message_id: newest_message - i as u64 * 13,
                message,
                link: {
                    let category = 400 + rng.below(60);
                    if messages.is_some() {
                        // The large account's customers come from the shop's ten product pages.
                        format!(
                            "http://vatgia.com/{}/{}/{slug}.html",
                            430 + slug.len() % 20,
                            3_100_000 + slug.len() * 7
                        )
                    } else {
                        format!("http://vatgia.com/{category}/{product}/{slug}.html")
                    }
                },
                age,
                name,
                guest,
                reply: None,
            };
            age += 300 + rng.below(4 * 3600) as u64;
            customer
        })
        .collect();
    answer(&mut customers);
    customers
}

/// The customer's conversation as vChat lists it, at `now`; avatars are served from `origin`.
pub fn conversation(c: &Customer, origin: &str, now: u64) -> Conversation {
    let avatar = match c.avatar {
        Avatar::Own if !c.guest => format!("{origin}/avatars/{}.gif", c.id),
        Avatar::Broken => format!("{origin}/avatars/missing-{}.gif", c.id),
        Avatar::Missing if !c.guest => String::new(),
        // vChat's guest placeholder, served here so the demo needs no outside host.
        _ => format!("{origin}/avatars/guest.gif"),
    };
    Conversation {
        online: c.online,
        name: c.name.clone(),
        address: c.address.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
        customer_id: c.id,
        avatar,
        time: 0,
        to_image: String::new(),
        product_id: c.product_id,
        hash: c.hash.clone(),
        last_message: Some(Message {
            id: c.message_id,
            min_id: c.admin,
            max_id: c.id,
            text: c
                .reply
                .as_ref()
                .map_or_else(|| c.message.clone(), |r| r.text.to_owned()),
            link: match c.reply {
                Some(_) => SUPPORT_PAGE.to_owned(),
                None => c.link.clone(),
            },
            time: i64::try_from(now.saturating_sub(c.age)).ok(),
            writer_id: c.reply.as_ref().map_or(c.id, |r| r.writer),
            agent_id: c.reply.as_ref().map_or(c.support_id, |r| r.agent),
            system_id: 0,
            key: 0,
            ip: 0,
            r#type: String::new(),
        }),
        vatgia_user: c.vatgia_user,
        support_id: c.support_id,
    }
}

/// Vietnamese letters without their marks, for e-mail addresses.
pub fn ascii(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ'
            | 'ẩ' | 'ẫ' | 'ậ' => 'a',
            'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => {
                'e'
            }
            'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
            'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ'
            | 'ở' | 'ỡ' | 'ợ' => 'o',
            'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => {
                'u'
            }
            'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
            'đ' | 'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_set_is_deterministic_and_ends_on_a_partial_page() {
        let (a, b) = (generate(), generate());
        assert_eq!(a.len(), CONVERSATIONS);
        assert!(a
            .iter()
            .zip(&b)
            .all(|(x, y)| x.id == y.id && x.name == y.name));
        assert_ne!(CONVERSATIONS % crate::wire::PAGE_SIZE, 0);
        assert!(a.windows(2).all(|w| w[0].age < w[1].age), "newest first");
    }

    #[test]
    fn the_huge_account_has_each_customer_once() {
        let customers = generate_huge();
        let ids: std::collections::HashSet<u64> = customers.iter().map(|c| c.id).collect();
        assert_eq!(
            (customers.len(), ids.len()),
            (HUGE_CONVERSATIONS, HUGE_CONVERSATIONS)
        );
    }

    #[test]
    fn emails_are_ascii() {
        assert_eq!(ascii("Phúc"), "phuc");
        assert_eq!(ascii("Đức"), "duc");
    }
}
