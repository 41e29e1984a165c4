import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach } from 'vitest';
import type { i18n as I18n } from 'i18next';
import type { Language, SupportDeskApi } from '../../src-shared/ipc/contract';
import { App } from '../../src-renderer/app/App';
import { createI18n } from '../../src-renderer/i18n/setup';

/**
 * happy-dom has no layout: the virtualiser would see a 0×0 viewport and render nothing. Give every element a
 * fixed client size (the queue's scroll element is the one that matters) and restore it afterwards.
 */
export function stubLayout(height = 680, width = 1400): () => void {
  const proto = HTMLElement.prototype;
  const saved = ['clientHeight', 'clientWidth', 'offsetHeight', 'offsetWidth', 'scrollHeight'].map((p) => [p, Object.getOwnPropertyDescriptor(proto, p)] as const);
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => width });
  Object.defineProperty(proto, 'offsetHeight', { configurable: true, get: () => height });
  Object.defineProperty(proto, 'offsetWidth', { configurable: true, get: () => width });
  // A scroll container is as tall as its tallest sized child (the virtualiser's spacer sets an explicit height).
  Object.defineProperty(proto, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      let max = height;
      for (const child of Array.from(this.children)) max = Math.max(max, parseFloat((child as HTMLElement).style.height) || 0);
      return max;
    },
  });
  return () => {
    for (const [p, d] of saved) {
      if (d) Object.defineProperty(proto, p, d);
      else delete (proto as unknown as Record<string, unknown>)[p];
    }
  };
}

afterEach(() => {
  cleanup();
  document.documentElement.removeAttribute('data-theme');
});

export function renderApp(api: SupportDeskApi, language: Language = 'en'): { i18n: I18n } {
  const i18n = createI18n(language);
  render(<App api={api} i18n={i18n} />);
  return { i18n };
}

export function queueGrid(): HTMLElement {
  return screen.getByRole('grid');
}

/** Body rows (the header row has aria-rowindex 1). */
export function bodyRows(): HTMLElement[] {
  return within(queueGrid())
    .getAllByRole('row')
    .filter((r) => r.getAttribute('aria-rowindex') !== '1' && r.getAttribute('aria-busy') !== 'true' && r.hasAttribute('data-ticket-id'));
}

export function selectedRow(): HTMLElement | undefined {
  return bodyRows().find((r) => r.getAttribute('aria-selected') === 'true');
}

export function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
}
