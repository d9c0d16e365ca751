import type { FormEvent } from 'react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useFormErrors } from '../lib/formErrors';
import { DEFAULT_PROJECT_COLOR } from '../lib/projects';
import { useProjectActions } from '../state/projects';
import { useToast } from '../state/toasts';
import { Button, ColorInput, FormError, Modal, TextInput } from './ui';

/** The new project's name and color; once created, its page is shown. */
function NewProjectForm({ onClose }: { onClose: () => void }) {
  const { create } = useProjectActions();
  const toast = useToast();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [color, setColor] = useState(DEFAULT_PROJECT_COLOR);
  const { errors, formError, fail, reset } = useFormErrors();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      reset({ name: ['A name is required.'] });
      return;
    }
    reset();
    setBusy(true);
    try {
      const project = await create({ name: name.trim(), color });
      toast('success', 'Project created', project.name);
      onClose();
      navigate(`/projects/${project.id}`);
    } catch (error) {
      fail(error);
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4">
      <FormError messages={formError} />
      <TextInput label="Name" name="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} errors={errors.name} />
      <ColorInput value={color} onChange={setColor} errors={errors.color} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" busy={busy}>
          Create project
        </Button>
      </div>
    </form>
  );
}

export function NewProjectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal title="New project" open={open} onClose={onClose}>
      <NewProjectForm onClose={onClose} />
    </Modal>
  );
}
