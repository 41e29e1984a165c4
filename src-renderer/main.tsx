import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  return <main aria-label="Support Desk">Support Desk</main>;
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
