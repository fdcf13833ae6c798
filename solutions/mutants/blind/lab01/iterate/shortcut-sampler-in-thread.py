# kind: shortcut
# why: computes the shuffled order with torch.utils.data.RandomSampler inside a threading.Thread so the profile hook of the calling thread misses it
import threading

import torch.utils.data as _tud

def loader_iter(self):
    """Percorre uma época, devolvendo (yield) um batch por vez com self.get_batch_at.

    Se self.shuffle for verdadeiro, embaralha a ordem dos itens a cada nova época
    com torch.randperm(..., generator=self.generator) antes de começar. Cada item
    aparece exatamente uma vez por época, inclusive os do último batch incompleto.
    """
    # SEU CÓDIGO AQUI
    if self.shuffle:
        box = {}

        def work():
            box["order"] = list(_tud.RandomSampler(range(len(self.items)), generator=self.generator))

        t = threading.Thread(target=work)
        t.start()
        t.join()
        self.items = [self.items[i] for i in box["order"]]
    for i in range(0, len(self.items), self.batch_size):
        yield self.get_batch_at(i)


SimpleDataLoader.__iter__ = loader_iter
