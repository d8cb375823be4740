// The React 19 page of the benchmark: one component, state in hooks, the fetch in an effect that
// aborts the request it replaces, rows rendered from the reply as text.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

const when = new Intl.DateTimeFormat('vi-VN', { dateStyle: 'medium', timeStyle: 'short' });
const pageInUrl = () => Math.max(1, parseInt(new URLSearchParams(location.search).get('page'), 10) || 1);

function Row({ row }) {
  const contact = [row.phone, row.email, row.address].filter(Boolean).join(' · ');
  const last = Array.isArray(row.last_msg) ? row.last_msg[0] : null;
  return (
    <li>
      <h3>{row.use_name || `Khách ${row.uss_sso_id}`}</h3>
      <p className="muted">Mã khách {row.uss_sso_id}</p>
      {contact && <p>{contact}</p>}
      {last && <p>{last.cha_message}</p>}
      {last && <p className="muted">{when.format(new Date(Number(last.cha_time) * 1000))}</p>}
    </li>
  );
}

function App() {
  const [credentials, setCredentials] = useState(null);
  const [page, setPage] = useState(pageInUrl);
  const [rows, setRows] = useState(null);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    const onPop = () => setPage(pageInUrl());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    if (!credentials) return;
    const controller = new AbortController();
    const body = new URLSearchParams({ ...credentials, page: String(page) });
    fetch('/hischat.php', { method: 'POST', body, signal: controller.signal, credentials: 'omit' })
      .then((reply) => reply.text())
      .then((text) => {
        const data = JSON.parse(text);
        if (data.status != 1) throw new Error(data.error);
        setRows(Array.isArray(data.history) ? data.history : []);
      })
      .catch((error) => {
        if (error.name !== 'AbortError') setProblem(error.message);
      });
    return () => controller.abort();
  }, [credentials, page]);

  const go = (event, to) => {
    event.preventDefault();
    history.pushState(null, '', `?page=${to}`);
    setPage(to);
  };

  if (!rows) {
    const submit = (event) => {
      event.preventDefault();
      const form = new FormData(event.target);
      setProblem('');
      setCredentials({ sso_id: form.get('sso_id').trim(), hash: form.get('hash').trim() });
    };
    return (
      <>
        <h1>Lịch sử chat vChat</h1>
        <form id="sign-in" onSubmit={submit}>
          <label>Mã quản trị <input name="sso_id" inputMode="numeric" required /></label>
          <label>Mã bảo mật <input name="hash" type="password" required /></label>
          <button>Đăng nhập</button>
          <p role="alert">{problem}</p>
        </form>
      </>
    );
  }
  return (
    <>
      <h1>Lịch sử chat vChat</h1>
      <main>
        <ul id="list">
          {rows.map((row) => <Row key={row.uss_sso_id} row={row} />)}
        </ul>
        <nav>
          <a href="#" onClick={(event) => go(event, Math.max(1, page - 1))}>Trang trước</a>{' '}
          <span>Trang {page}</span>{' '}
          {rows.length >= 30 && <a href="#" onClick={(event) => go(event, page + 1)}>Trang sau</a>}
        </nav>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')).render(<App />);
