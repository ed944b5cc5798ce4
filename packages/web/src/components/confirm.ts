import type { App } from "antd";
import type { ReactNode } from "react";

type Modal = ReturnType<typeof App.useApp>["modal"];

/** Ask before an irreversible or province-wide action (issue 15 Found 8):
 * resolves true when the user confirms, false when they cancel. */
export function ask(modal: Modal, options: { title: ReactNode; content?: ReactNode; okText: string; cancelText: string; danger?: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    modal.confirm({
      title: options.title,
      content: options.content,
      okText: options.okText,
      cancelText: options.cancelText,
      okButtonProps: options.danger ? { danger: true } : undefined,
      onOk: () => resolve(true),
      onCancel: () => resolve(false),
    });
  });
}
