# %% [markdown]
# # Lab 01 — Pipelines de dados do zero: `DataBlock` e `DataLoader`
#
# Todo treinamento começa muito antes do modelo: é preciso **encontrar** os itens (arquivos),
# **separar** treino e validação, **transformar** cada item em tensores e **agrupar** os
# tensores em batches no dispositivo certo. Bibliotecas como a fastai escondem isso atrás de
# três linhas:
#
# ```python
# dados = DataBlock(blocks=(ImageBlock, CategoryBlock), get_items=get_image_files,
#                   splitter=RandomSplitter(valid_pct=0.2, seed=42), get_y=...,
#                   item_tfms=Resize(128), batch_tfms=...).dataloaders(pasta)
# ```
#
# Neste lab você vai escrever uma versão simplificada dessas peças, para entender o que elas
# fazem por baixo dos panos, e depois rodar as peças **de verdade** da fastai ao lado das suas,
# nos mesmos dados, para comparar a divisão treino/validação, os tensores de um item e um batch.
# No fim, você treina uma rede pequena com o **seu** loader. Em produção, use as da biblioteca.
#
# **Como entregar.** Preencha as células marcadas com `# SEU CÓDIGO AQUI`, rode as células de
# teste logo abaixo de cada uma e, antes de enviar, reinicie o kernel e execute tudo em ordem
# (*Ambiente de execução → Reiniciar e executar tudo*). **Não apague nem copie células**: elas
# carregam metadados que a correção automática usa. A correção roda testes extras, ocultos,
# além dos que você vê.
#
# **Pontuação (10 pontos):** mapa de rótulos (1,5) · `transform` (2,5) · `get_batch_at` (3) ·
# `__len__` (1) · `__iter__` (2).
#
# **Tempo esperado (cerca de 2h30, estimativa):** os dados e as peças do `DataBlock` (15 min) ·
# Questões 1 e 2 (30 min) · o `DataLoader`, Questões 3 a 5 (45 min) · a fastai lado a lado (15 min) ·
# quanto custa o loader (10 min) · *capstone* e a interpretação dos erros (25 min, uns 3 minutos de
# GPU) · uso de modelos de linguagem e feedback (5 min).

# %%
import math
import tempfile
import time
from pathlib import Path

import torch
from torchvision.transforms import v2

import course_utils
from course_utils.checks import check_close, check_device, check_dtype, check_equal, check_shape
from course_utils.data import (ItemsDataset, PetItem, fake_pet_color, get_image_files, make_fake_pets, pet_label,
                               pets_images)
from course_utils.plots import plot_bars, show_batch
from course_utils.rules import forbid

course_utils.quiet_notebook()
course_utils.set_seed(42)
device = course_utils.get_device()
print("device:", device, "| modo smoke:", course_utils.is_smoke())

# %% [markdown]
# ## Os dados: Oxford-IIIT Pet, gatos contra cachorros
#
# O conjunto [Oxford-IIIT Pet](https://www.robots.ox.ac.uk/~vgg/data/pets/) tem cerca de 7.400
# fotos de 37 raças. O rótulo está no **nome do arquivo**: raças de gato começam com letra
# maiúscula (`Persian_12.jpg`) e de cachorro com minúscula (`pug_3.jpg`). Baixamos com o
# `untar_data(URLs.PETS)` da fastai, como no lab original: no Colab o download (~800 MB) acontece
# uma vez só. Em modo *smoke* (testes e correção) usamos um conjunto minúsculo gerado no mesmo
# formato (`oxford-iiit-pet/images/*.jpg`), com imagens de uma cor só.

# %%
if course_utils.is_smoke():
    pets_path = pets_images().parent  # a pasta oxford-iiit-pet/ de mentira, mesmo formato
else:
    from fastai.data.external import URLs, untar_data

    pets_path = untar_data(URLs.PETS)
images_dir = pets_path / "images"
all_files = get_image_files(images_dir)
print(f"{len(all_files)} imagens em {images_dir}")
print("exemplos:", [p.name for p in all_files[:3]], "->", [pet_label(p) for p in all_files[:3]])

# %% [markdown]
# ## As peças de um `DataBlock`
#
# Um `DataBlock` é uma *receita*: ele não guarda dados, guarda **funções** que dizem como
# obtê-los e transformá-los.
#
# | peça | recebe | devolve |
# |---|---|---|
# | `get_items` | um "ponteiro" para os dados (uma pasta) | a lista de itens (caminhos) |
# | `splitter` | a lista de itens | índices de treino e de validação |
# | `get_x` | um item | a entrada bruta (uma imagem PIL) |
# | `get_y` | um item | o rótulo bruto (`"cat"`/`"dog"`) |
# | `item_tfms` | o **par** `(x, y)` de um item | o par transformado (ex.: redimensionado, em tensor) |
# | `batch_tfms` | o **par** `(X, Y)` de um batch já no device | o par transformado (ex.: float, normalizado) |
#
# As transformações recebem o **par** porque algumas precisam mexer em `x` e `y` juntos (pense em
# recortar uma imagem e suas caixas delimitadoras). Para aplicar uma função só em `x`, usamos o
# pequeno adaptador `OnX` abaixo, e `Pipeline` compõe várias funções em sequência.

# %%
class Pipeline:
    """Aplica as funções em sequência; None ou lista vazia = identidade."""

    def __init__(self, funcs=None):
        if funcs is None:
            funcs = []
        self.funcs = list(funcs) if isinstance(funcs, (list, tuple)) else [funcs]

    def __call__(self, value):
        for f in self.funcs:
            value = f(value)
        return value

    def __repr__(self):
        return f"Pipeline({self.funcs})"


class OnX:
    """Aplica `func` apenas ao primeiro elemento de um par (x, y)."""

    def __init__(self, func):
        self.func = func

    def __call__(self, pair):
        x, y = pair
        return self.func(x), y

    def __repr__(self):
        return f"OnX({self.func})"


def random_splitter(valid_pct=0.2, seed=None):
    """Devolve uma função que sorteia índices de treino e de validação."""
    def split(items):
        generator = torch.Generator().manual_seed(seed) if seed is not None else None
        order = torch.randperm(len(items), generator=generator).tolist()
        n_valid = int(valid_pct * len(items))
        return order[n_valid:], order[:n_valid]
    return split


def open_image(path):
    """Abre a imagem como PIL em RGB (algumas fotos do Pets são RGBA ou tons de cinza)."""
    from PIL import Image
    with Image.open(path) as img:
        return img.convert("RGB")


class ImageClassDataBlock:
    def __init__(self, get_items, splitter, get_x, get_y, item_tfms=None, batch_tfms=None):
        self.get_items = get_items
        self.splitter = splitter
        self.get_x = get_x
        self.get_y = get_y
        self.item_tfms = Pipeline(item_tfms)
        self.batch_tfms = Pipeline(batch_tfms)

# %% [markdown]
# Veja cada peça funcionando sozinha:

# %%
split = random_splitter(valid_pct=0.25, seed=0)
train_idx, valid_idx = split(list("abcdefgh"))
print("treino:", train_idx, "| validação:", valid_idx)

first = all_files[0]
img = open_image(first)
print(type(img).__name__, img.size, "rótulo:", pet_label(first))
item_tfms = [OnX(v2.Resize((64, 64))), OnX(v2.PILToTensor())]
x0, y0 = Pipeline(item_tfms)((img, "rótulo qualquer"))
print("x:", x0.shape, x0.dtype, "| y:", y0)

# %% [markdown]
# ## Questão 1 — o mapa de rótulos (1,5 ponto)
#
# A rede não entende `"cat"`: precisamos de tensores. Para classificação com classes mutuamente
# exclusivas usamos o **one-hot**: um vetor com 1 na posição da classe e 0 nas outras. Ele pode
# ser lido como uma distribuição de probabilidade que põe 100% na classe anotada.
#
# Implemente `make_label_map(labels)`: recebe uma lista de rótulos (com repetições) e devolve um
# dicionário `rótulo → vetor one-hot float32`. Ordene os rótulos distintos com `sorted`, para que
# o mapa não dependa da ordem dos arquivos. Dica: `torch.eye`.

# %% answer label_map

# %% [markdown]
# Testes, do caso mais simples ao mais realista:

# %% test label_map 0.5
m = make_label_map(["dog", "cat", "dog"])
check_equal(sorted(m), ["cat", "dog"], "chaves do mapa")
check_equal(m["cat"], torch.tensor([1.0, 0.0]), "m['cat']")
check_equal(m["dog"], torch.tensor([0.0, 1.0]), "m['dog']")

# %% test label_map 1
m = make_label_map([pet_label(p) for p in all_files])
check_equal(len(m), 2, "número de classes")
check_dtype(m["cat"], torch.float32, "m['cat']", hint="use float32, o tipo que a loss espera.")

# %% [markdown]
# ## Questão 2 — transformar um item (2,5 pontos)
#
# Agora o coração do `DataBlock`: levar **um** item do formato de "ponteiro" (o caminho do
# arquivo) até o par de tensores `(x, y)` que o modelo consome:
#
# 1. `x = self.get_x(item)` e `y = self.get_y(item)`;
# 2. `y` vira tensor com `label_to_tensor[y]`;
# 3. `self.item_tfms` é aplicado ao **par** `(x, y)`, e o resultado é devolvido.
#
# O método é escrito fora da classe e depois "pendurado" nela (`ImageClassDataBlock.transform = transform`).

# %% answer transform

# %% [markdown]
# Primeiro teste: funções triviais. `noop` devolve o que recebe; `seven` ignora a entrada e
# devolve sempre o mesmo tensor. Como `item_tfms` recebe o par inteiro, o resultado final é
# `seven((x, y))`, para x e para y.

# %% test transform 0.5
noop = lambda value: value
seven = lambda pair: (torch.tensor(7), torch.tensor(7))
block = ImageClassDataBlock(None, None, noop, noop, seven)
x, y = block.transform("ok", {"ok": torch.tensor([19])})
check_equal(x, torch.tensor(7), "x")
check_equal(y, torch.tensor(7), "y")

# %% [markdown]
# Segundo teste: uma transformação que mexe de modo diferente em x e em y. Se o `y` não passou
# pelo mapa de rótulos antes de `item_tfms`, `y * 2` não dá o tensor esperado.

# %% test transform 1
double_y = lambda pair: (torch.tensor(14), pair[1] * 2)
block = ImageClassDataBlock(None, None, noop, noop, double_y)
x, y = block.transform("ok", {"ok": torch.tensor([19])})
check_equal(x, torch.tensor(14), "x")
check_equal(y, torch.tensor([38]), "y", hint="y deve passar por label_to_tensor antes de item_tfms.")

# %% [markdown]
# Terceiro teste: uma imagem de verdade, lida do disco, redimensionada e convertida em tensor.
# Geramos uma pasta pequena de teste; cada imagem tem uma cor só, conhecida, e o JPEG pode
# arredondar cada canal em até 2 níveis.

# %% test transform 1
fixture_dir = make_fake_pets(Path(tempfile.mkdtemp()) / "images", per_breed=2)
cat_file = fixture_dir / "Persian_1.jpg"
block = ImageClassDataBlock(None, None, open_image, pet_label, [OnX(v2.Resize((48, 40))), OnX(v2.PILToTensor())])
x, y = block.transform(cat_file, {"cat": torch.tensor([1.0, 0.0]), "dog": torch.tensor([0.0, 1.0])})
check_shape(x, (3, 48, 40), "x")
check_dtype(x, torch.uint8, "x")
check_close(x[:, 0, 0], torch.tensor(fake_pet_color(cat_file)), "x[:, 0, 0]", atol=2)
check_equal(y, torch.tensor([1.0, 0.0]), "y")

# %% [markdown]
# ## O `DataLoader`
#
# Com itens virando pares de tensores, falta **agrupá-los em batches**, sob demanda (sem carregar
# tudo na memória), e entregá-los no dispositivo certo. Nosso `SimpleDataLoader` recebe a lista de
# itens, a função `transform` de um item, as transformações de batch, o tamanho do batch, o
# device e se deve embaralhar.

# %%
class SimpleDataLoader:
    def __init__(self, items, transform, batch_tfms, batch_size, device, shuffle=False, seed=None):
        self.items = list(items)
        self.transform = transform
        self.batch_tfms = Pipeline(batch_tfms) if not callable(batch_tfms) else batch_tfms
        self.batch_size = batch_size
        self.device = device
        self.shuffle = shuffle
        self.generator = torch.Generator()
        self.generator.manual_seed(seed if seed is not None else int(torch.randint(0, 2**31, ())))


# O que as questões 3 e 5 proíbem (os testes conferem enquanto o seu código roda):
NO_TORCH_DATA = ("escreva o batch e a época sem torch.utils.data (DataLoader, default_collate, "
                 "RandomSampler, BatchSampler): é justamente o que você está reescrevendo.")

# %% [markdown]
# Mover um tensor para a GPU é `.to(device)`; na CPU ele continua na RAM:

# %%
torch.tensor([4, 3, 2]).to(device)

# %% [markdown]
# ## Questão 3 — montar um batch (3 pontos)
#
# Implemente `get_batch_at(self, idx)`: pegue os itens `self.items[idx : idx + self.batch_size]`
# (o último batch pode ter menos itens), transforme cada um com `self.transform`, **empilhe** os
# `x` em um tensor `X` e os `y` em um tensor `Y` (uma nova dimensão 0, a do batch), mova os dois
# para `self.device` e aplique `self.batch_tfms` ao par `(X, Y)`.
#
# Dicas: `torch.stack` cria a dimensão nova (`torch.cat` não!); `zip(*pares)` separa uma lista de
# pares em duas tuplas; acesse os atributos de `self`, não as variáveis globais.
#
# **Regra:** nada de `torch.utils.data` (`DataLoader`, `default_collate`...): os testes rodam a sua
# função com esse módulo vigiado, e usá-lo zera o teste.

# %% answer get_batch_at

# %% [markdown]
# Primeiro, identidades e itens que já são tensores escalares: o batch é o vetor dos itens.

# %% test get_batch_at 0.5
noop = lambda value: value
twice = lambda value: (value, value)
data0 = [torch.tensor(8), torch.tensor(7), torch.tensor(3), torch.tensor(19)]
loader = SimpleDataLoader(data0, twice, noop, 4, "cpu")
with forbid(NO_TORCH_DATA, modules=["torch.utils.data"]):
    X, Y = loader.get_batch_at(0)
check_equal(X, torch.tensor([8, 7, 3, 19]), "X")
check_equal(Y, torch.tensor([8, 7, 3, 19]), "Y")

# %% [markdown]
# O batch começa em `idx`, e cada par vem de `transform`:

# %% test get_batch_at 0.5
halve_y = lambda t: (t, t // 2)
data2 = [torch.tensor([8, 3]), torch.tensor([7, 9]), torch.tensor([3, 2]), torch.tensor([19, 23])]
loader = SimpleDataLoader(data2, halve_y, noop, 2, "cpu")
with forbid(NO_TORCH_DATA, modules=["torch.utils.data"]):
    X, Y = loader.get_batch_at(2)
check_equal(X, torch.tensor([[3, 2], [19, 23]]), "X", hint="empilhe com torch.stack na dimensão 0.")
check_equal(Y, torch.tensor([[1, 1], [9, 11]]), "Y")

# %% [markdown]
# A transformação de batch recebe o par `(X, Y)` já empilhado:

# %% test get_batch_at 0.5
add_to_batch = lambda pair: (pair[0] + 1, pair[1] + 2)
loader = SimpleDataLoader(data2, twice, add_to_batch, 1, "cpu")
with forbid(NO_TORCH_DATA, modules=["torch.utils.data"]):
    X, Y = loader.get_batch_at(3)
check_equal(X, torch.tensor([[20, 24]]), "X", hint="aplique self.batch_tfms ao par (X, Y).")
check_equal(Y, torch.tensor([[21, 25]]), "Y")

# %% [markdown]
# O batch precisa estar no device pedido. Aqui o teste usa o seu `device` (na CPU ele não prova
# muito; a correção usa um device diferente da CPU).

# %% test get_batch_at 0.5
loader = SimpleDataLoader(data0, twice, noop, 4, device)
with forbid(NO_TORCH_DATA, modules=["torch.utils.data"]):
    X, Y = loader.get_batch_at(0)
check_device(X, device, "X")
check_device(Y, device, "Y")

# %% [markdown]
# Por fim, imagens de verdade: caminhos viram imagens, imagens viram um batch float.

# %% test get_batch_at 1
label_to_tensor = {"cat": torch.tensor([1.0, 0.0]), "dog": torch.tensor([0.0, 1.0])}
resize_and_tensor = Pipeline([OnX(v2.Resize((32, 32))), OnX(v2.PILToTensor())])
load_item = lambda path: resize_and_tensor((open_image(path), label_to_tensor[pet_label(path)]))
to_float = OnX(v2.ToDtype(torch.float32, scale=True))
fixture_dir = make_fake_pets(Path(tempfile.mkdtemp()) / "images", per_breed=2)
files = [fixture_dir / "Bengal_1.jpg", fixture_dir / "beagle_2.jpg"]
loader = SimpleDataLoader(files, load_item, to_float, 2, "cpu")
with forbid(NO_TORCH_DATA, modules=["torch.utils.data"]):
    X, Y = loader.get_batch_at(0)
check_shape(X, (2, 3, 32, 32), "X")
check_dtype(X, torch.float32, "X", hint="a transformação de batch converte para float.")
check_equal(Y, torch.tensor([[1.0, 0.0], [0.0, 1.0]]), "Y")

# %% [markdown]
# ## Questão 4 — quantos batches? (1 ponto)
#
# `len(loader)` deve dar o número de batches de uma época. Com 10 itens e batches de 4 são 3
# batches (4 + 4 + 2): o último, incompleto, também conta. Dica: `math.ceil`.

# %% answer length

# %% test length 0.5
check_equal(len(SimpleDataLoader(range(8), None, None, 4, "cpu")), 2, "len com 8 itens e batch 4")
check_equal(len(SimpleDataLoader(range(10), None, None, 4, "cpu")), 3, "len com 10 itens e batch 4",
            hint="o último batch incompleto também conta.")

# %% test length 0.5
# Testes ocultos: a correção confere outros tamanhos de lista e de batch.

# %% [markdown]
# ## Questão 5 — percorrer uma época (2 pontos)
#
# Para usar `for X, Y in loader:`, o loader precisa de `__iter__`. Escreva-o como um
# **gerador** (`yield`): um batch a cada passo, começando nos índices 0, `batch_size`,
# `2 * batch_size`... Se `self.shuffle` for verdadeiro, embaralhe a ordem dos itens **a cada
# época** com `torch.randperm(n, generator=self.generator)` antes de percorrer.
#
# **Regra:** como na questão 3, nada de `torch.utils.data` (`RandomSampler`, `BatchSampler`...).
#
# Por que embaralhar o treino? Nada garante que a lista de treino chegue misturada. O
# `GrandparentSplitter` da fastai, por exemplo, separa treino e validação pelas pastas
# (`train/cat/...`, `train/dog/...`) e devolve os itens **agrupados por classe**; aqui, se você
# ordenar os arquivos pelo nome, todos os gatos (maiúsculas) vêm antes de todos os cachorros. Sem
# embaralhar, a rede veria centenas de gatos seguidos e depois centenas de cachorros, e cada
# batch puxaria os pesos para uma classe só. Embaralhar **a cada época** também faz os batches
# mudarem de uma época para a outra. O experimento do fim do lab mostra o efeito.
#
# Os testes abaixo usam um loader cujo `get_batch_at` devolve a própria lista de itens do batch,
# para olhar só a ordem (ele também tem o seu próprio `__len__`, para não depender da questão 4).

# %% answer iterate

# %% test iterate 1
class ItemsLoader(SimpleDataLoader):
    """get_batch_at devolve os itens crus: os testes olham só a ordem."""

    def get_batch_at(self, idx):
        return list(self.items[idx: idx + self.batch_size])

    def __len__(self):
        return (len(self.items) + self.batch_size - 1) // self.batch_size


def epoch(loader):
    """Uma época inteira do loader, com torch.utils.data vigiado."""
    with forbid(NO_TORCH_DATA, modules=["torch.utils.data"]):
        return list(loader)


batches = epoch(ItemsLoader(range(10), None, None, 4, "cpu"))
check_equal(batches, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], "batches sem embaralhar",
            hint="percorra a partir de 0 em passos de batch_size, até o último item.")

# %% test iterate 1
loader = ItemsLoader(range(20), None, None, 6, "cpu", shuffle=True, seed=0)
epoch1 = [i for batch in epoch(loader) for i in batch]
epoch2 = [i for batch in epoch(loader) for i in batch]
check_equal(sorted(epoch1), list(range(20)), "itens da época 1 (ordenados)",
            hint="cada item deve aparecer exatamente uma vez por época.")
check_equal(epoch1 != list(range(20)), True, "a época 1 foi embaralhada?")
check_equal(epoch1 != epoch2, True, "a ordem muda de uma época para a outra?")

# %% [markdown]
# ## Juntando tudo: `dataloaders()`
#
# O `DataBlock` agora sabe criar os dois loaders, de treino (embaralhado) e de validação (em
# ordem fixa). O mapa de rótulos é construído com os rótulos do treino.

# %%
class SimpleDataLoaders:
    def __init__(self, block, source, batch_size, device, seed=42):
        self.block = block
        items = block.get_items(source)
        train_idx, valid_idx = block.splitter(items)
        self.labels = sorted({block.get_y(items[i]) for i in train_idx})
        self.label_to_tensor = make_label_map(self.labels)
        self.train = SimpleDataLoader([items[i] for i in train_idx], self.transform, block.batch_tfms,
                                      batch_size, device, shuffle=True, seed=seed)
        self.valid = SimpleDataLoader([items[i] for i in valid_idx], self.transform, block.batch_tfms,
                                      batch_size, device)

    def transform(self, item):
        return self.block.transform(item, self.label_to_tensor)


ImageClassDataBlock.dataloaders = lambda self, source, batch_size=64, device=device: SimpleDataLoaders(
    self, source, batch_size, device)

IMAGENET_MEAN, IMAGENET_STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
IMG_SIZE = 128
pets_block = ImageClassDataBlock(
    get_items=get_image_files,
    splitter=random_splitter(valid_pct=0.2, seed=42),
    get_x=open_image,
    get_y=pet_label,
    item_tfms=[OnX(v2.Resize((IMG_SIZE, IMG_SIZE))), OnX(v2.PILToTensor())],
    batch_tfms=[OnX(v2.ToDtype(torch.float32, scale=True)), OnX(v2.Normalize(IMAGENET_MEAN, IMAGENET_STD))],
)
dls = pets_block.dataloaders(images_dir, batch_size=16)
print(f"treino: {len(dls.train.items)} imagens em {len(dls.train)} batches | validação: {len(dls.valid.items)}")
X, Y = next(iter(dls.train))
print("X:", tuple(X.shape), X.dtype, X.device, "| Y:", tuple(Y.shape))
show_batch(X, Y, classes=dls.labels, n=8, mean=IMAGENET_MEAN, std=IMAGENET_STD);

# %% [markdown]
# ## As peças de verdade: o `DataBlock` da fastai, lado a lado
#
# Agora o mesmo pipeline com a fastai, como no lab original: mesmos arquivos, mesma divisão 80/20
# com semente 42, mesmo tamanho de imagem. O `ImageBlock` já traz `ToTensor` (por item) e
# `IntToFloatTensor` (por batch); escrevemos os dois mesmo assim, para ver onde cada peça entra.
# `Resize` com `ResizeMethod.Squish` estica a imagem para 128×128, como o nosso
# `v2.Resize((128, 128))`. O padrão da fastai (`ResizeMethod.Crop`) recorta um quadrado: numa posição
# **sorteada** no treino (um aumento de dados a mais) e no **centro** na validação. `aug_transforms` são aumentos de
# dados (espelhar, girar, zoom, brilho, perspectiva) aplicados **ao batch inteiro, já no device**:
# na GPU custam quase nada. Eles só valem no treino; a validação passa por eles intacta, e por isso
# comparamos batches de validação.
#
# Um detalhe que faz diferença: o `get_image_files` da fastai devolve os arquivos na ordem em que o
# sistema de arquivos os lista (`os.walk`), sem ordenar; o nosso ordena. O `RandomSplitter` sorteia
# **posições** na lista: com listas em ordens diferentes, a mesma semente escolheria arquivos
# diferentes. Por isso damos à fastai a lista ordenada.
#
# Outro detalhe: a cada divisão, o `RandomSplitter(seed=42)` chama `torch.manual_seed(42)`, que
# reinicia o gerador **global** do torch. Tudo o que for sorteado depois (pesos iniciais, ordem dos
# batches, aumentos) passa a depender dessa semente, inclusive em código que você nem olhou. O nosso
# `random_splitter` usa um `torch.Generator` só dele e não mexe no global.

# %%
if course_utils.is_grading():
    fastai_dls = None
    print("(a correção automática pula a comparação com a fastai)")
else:
    from fastai.vision.all import (CategoryBlock, DataBlock, ImageBlock, IntToFloatTensor, Normalize,
                                   RandomSplitter, Resize, ResizeMethod, ToTensor, aug_transforms)
    from fastai.vision.all import get_image_files as fastai_image_files

    def sorted_image_files(path):
        return sorted(fastai_image_files(path))

    fastai_block = DataBlock(
        blocks=(ImageBlock, CategoryBlock),
        get_items=sorted_image_files,
        splitter=RandomSplitter(valid_pct=0.2, seed=42),
        get_y=pet_label,
        item_tfms=[Resize(IMG_SIZE, method=ResizeMethod.Squish), ToTensor()],
        batch_tfms=[IntToFloatTensor(), *aug_transforms(), Normalize.from_stats(IMAGENET_MEAN, IMAGENET_STD)],
    )
    # Em modo smoke, sem processos extras (workers): o conjunto é minúsculo.
    fastai_dls = fastai_block.dataloaders(images_dir, bs=16, device=device,
                                          **({"num_workers": 0} if course_utils.is_smoke() else {}))
    print(fastai_dls.train.after_item)
    print(fastai_dls.train.after_batch)

# %% [markdown]
# Acima, as duas `Pipeline`s da fastai: a de item (`Resize`, `ToTensor`) e a de batch
# (`IntToFloatTensor`, os aumentos, `Normalize`), na ordem em que rodam. Agora, lado a lado com
# as nossas: a divisão, um item e um batch.

# %%
if fastai_dls is not None:
    same_train = set(dls.train.items) == set(fastai_dls.train_ds.items)
    same_valid = list(dls.valid.items) == list(fastai_dls.valid_ds.items)
    print(f"divisão: {len(dls.train.items)}/{len(dls.valid.items)} (nossa) x "
          f"{len(fastai_dls.train_ds)}/{len(fastai_dls.valid_ds)} (fastai); mesmos arquivos de treino: {same_train}; "
          f"mesma validação, na mesma ordem: {same_valid}")

    path0 = fastai_dls.valid_ds.items[0]
    x_ours, y_ours = dls.transform(path0)
    x_fa, y_fa = fastai_dls.valid.after_item(fastai_dls.valid_ds[0])
    print(f"\num item ({path0.name}):")
    print(f"  nosso : x {type(x_ours).__name__} {tuple(x_ours.shape)} {x_ours.dtype} | y {y_ours} (one-hot)")
    print(f"  fastai: x {type(x_fa).__name__} {tuple(x_fa.shape)} {x_fa.dtype} | y {y_fa!r} "
          f"(índice em vocab={list(fastai_dls.vocab)})")
    diff = (x_ours.float() - x_fa.as_subclass(torch.Tensor).float()).abs().max()
    print(f"  maior diferença entre os pixels: {float(diff):.0f} (de 0 a 255)")

    X_ours, Y_ours = dls.valid.get_batch_at(0)
    X_fa, Y_fa = fastai_dls.valid.one_batch()
    print("\num batch de validação:")
    print(f"  nosso : X {tuple(X_ours.shape)} {X_ours.dtype} {X_ours.device} | Y {tuple(Y_ours.shape)} {Y_ours.dtype}")
    print(f"  fastai: X {tuple(X_fa.shape)} {X_fa.dtype} {X_fa.device} | Y {tuple(Y_fa.shape)} {Y_fa.dtype}")
    n = min(len(X_ours), len(X_fa))
    diff = (X_ours[:n] - X_fa[:n].as_subclass(torch.Tensor)).abs().max()
    print(f"  maior diferença em X (normalizado): {float(diff):.3f}; "
          f"mesmos rótulos: {bool((Y_ours[:n].argmax(1).cpu() == Y_fa[:n].cpu()).all())}")
    fastai_dls.train.show_batch(max_n=8, figsize=(8, 4))

# %% [markdown]
# **O que a comparação mostra.** Com a mesma semente e a mesma lista, o nosso `random_splitter` e o
# `RandomSplitter` da fastai escolhem os **mesmos** arquivos: os dois sorteiam uma permutação com
# `torch.randperm`, e a validação fica com os primeiros 20%. Os tensores de um item têm a mesma forma
# e o mesmo tipo (uint8, canais primeiro); a diferença entre pixels, se houver, vem só do
# redimensionamento (as duas bibliotecas usam o do Pillow). A fastai embrulha os tensores em tipos
# próprios (`TensorImage`, `TensorCategory`), que sabem se mostrar (`show_batch`) e dizem a cada
# transformação a que parte do par ela se aplica: é o papel do nosso `OnX`. E o rótulo, na fastai, é
# um **índice** de classe em `vocab`, não um one-hot: a `CrossEntropyLoss` aceita os dois.
# A imagem acima é um batch de **treino** da fastai, com os aumentos de dados aplicados.
#
# ## Quanto custa um loader escrito à mão?
#
# Nosso loader faz tudo no processo principal: abre o JPEG, decodifica, redimensiona, converte,
# **um item de cada vez**, e só então a GPU recebe o batch. O `torch.utils.data.DataLoader` faz o
# mesmo trabalho em `num_workers` **processos** paralelos, prepara os próximos batches enquanto a
# GPU treina (*prefetch*) e, com `pin_memory=True`, deixa o batch em memória "fixada", de onde a
# cópia para a GPU é assíncrona.
#
# Por que processos e não threads? Não é a decodificação que impede as threads: o Pillow **libera o
# GIL** enquanto decodifica e redimensiona, e várias threads fazem isso em paralelo. O que limita as
# threads é o resto do trabalho de cada item, em Python puro (abrir o arquivo, as chamadas do
# `Pipeline` e do `OnX`, criar os tensores, empilhar), que segura o GIL e roda uma thread de cada
# vez, e, claro, o número de núcleos. Cada processo tem o seu interpretador e o seu GIL; o preço é
# criar os processos e mandar cada batch de volta ao processo principal (por memória compartilhada).
#
# Como o dataset chega aos workers depende de como eles nascem. No Linux (e no Colab), até o Python
# 3.13, o padrão é `fork`: cada worker é uma cópia do processo do notebook e herda tudo, sem pickle.
# No macOS e no Windows o padrão é `spawn`, e no Linux, a partir do Python 3.14, `forkserver`: nos dois
# casos o processo novo não tem o notebook, recebe o dataset **por pickle** e só consegue recriar
# objetos definidos em um **módulo**: uma função ou classe escrita no notebook (como o nosso
# `dls.transform`) falha com `AttributeError: Can't get attribute ...`. Por isso os loaders do
# PyTorch abaixo usam `ItemsDataset` e `PetItem`, de `course_utils.data`, que fazem o mesmo trabalho
# que o nosso `transform` (abrir em RGB, `v2.Resize`, `v2.PILToTensor`, mapa de rótulos) e funcionam
# com qualquer método. Medimos imagens por segundo em cada caso, e também o `transform` sozinho,
# item a item, com e sem threads.

# %%
from concurrent.futures import ThreadPoolExecutor

from torch.utils.data import DataLoader


def images_per_second(loader, max_batches):
    start, n = time.perf_counter(), 0
    for b, (X, Y) in enumerate(loader):
        if b >= max_batches:
            break
        X = X.to(device, non_blocking=True)
        n += len(X)
    if device.type == "cuda":
        torch.cuda.synchronize()
    return n / (time.perf_counter() - start)


def items_per_second(transform, items, threads):
    start = time.perf_counter()
    if threads:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(transform, items))
    else:
        list(map(transform, items))
    return len(items) / (time.perf_counter() - start)


bench_items = dls.train.items[:512]
max_batches = 8 if course_utils.is_smoke() else 16
workers = min(4, torch.multiprocessing.cpu_count())
ours = SimpleDataLoader(bench_items, dls.transform, None, 32, "cpu", shuffle=True, seed=0)
torch_dataset = ItemsDataset(bench_items, PetItem(IMG_SIZE, dls.label_to_tensor))  # picklável, também com spawn
results = {} if course_utils.is_grading() else {  # a correção automática pula a medição
    "nosso loader": images_per_second(ours, max_batches),
    "torch, 0 workers": images_per_second(DataLoader(torch_dataset, 32, shuffle=True), max_batches),
    f"torch, {workers} workers": images_per_second(
        DataLoader(torch_dataset, 32, shuffle=True, num_workers=workers, pin_memory=device.type == "cuda"),
        max_batches),
    "transform, 1 thread": items_per_second(dls.transform, bench_items[:256], 0),
    f"transform, {workers} threads": items_per_second(dls.transform, bench_items[:256], workers),
}
for name, ips in results.items():
    print(f"{name:>22}: {ips:8.0f} imagens/s")
if results:
    plot_bars(results, "imagens por segundo", "Carregamento de batches");

# %% [markdown]
# **O que esperar.** Com 0 workers o `DataLoader` do PyTorch faz o mesmo que o nosso e tem
# velocidade parecida: a diferença não está no código do laço, e sim no trabalho por imagem
# (decodificar e redimensionar JPEGs grandes). Com workers, esse trabalho se divide entre os
# núcleos da CPU, e a vazão cresce quase na proporção do número de workers, até esbarrar no
# disco ou no número de núcleos (o Colab gratuito tem 2). As threads também ganham, pela parte do
# Pillow que solta o GIL, mas menos que os processos quando a parte em Python pesa. No modo *smoke*
# as imagens são minúsculas e poucas, então o custo de criar os processos domina e os workers podem
# até perder: meça sempre com dados reais. Em um treino de verdade, o objetivo é que a GPU nunca
# espere pelo loader.
#
# ## Capstone: treinar uma rede com o **seu** loader
#
# Hora de usar tudo: uma CNN pequena (quatro blocos conv → BatchNorm → ReLU → max pooling, e uma
# camada linear), treinada do zero para separar gatos de cachorros com o seu `SimpleDataLoader`, a
# sua divisão e o seu mapa de rótulos. O rótulo one-hot entra direto na `F.cross_entropy`, que aceita
# probabilidades como alvo.
#
# Para o treino caber em poucos minutos, decodificamos cada imagem **uma vez**, em 64×64, com o
# `DataLoader` do PyTorch e workers, e guardamos os tensores uint8 na memória (7.390 × 3 × 64 × 64
# bytes ≈ 90 MB). O seu loader faz o resto a cada época: ordem, batches, device, conversão para float
# e normalização. Tempos no Colab com GPU T4 (**estimativas, não medidas**): cerca de 1 minuto para
# decodificar e 1 a 2 minutos para os dois treinos. Em modo *smoke*, imagens 32×32 e uma época; a
# correção automática pula esta parte.
#
# **Que média e desvio usar na normalização?** A rede é treinada do zero, e mesmo assim normalizamos
# com a média e o desvio padrão do ImageNet. Os Labs 04 e 06 dão a regra completa: ao ajustar um
# modelo **pré-treinado**, use as estatísticas do pré-treino (a rede aprendeu com entradas naquela
# escala); ao treinar **do zero**, as do seu conjunto de treino são a escolha natural. Mas, do zero,
# as duas servem quando os dados se parecem com fotos naturais, como aqui: o que a normalização
# precisa fazer é deixar cada canal perto de média 0 e desvio 1, e as estatísticas de fotos comuns
# são parecidas com as do ImageNet. O que não pode é usar uma estatística no treino e outra na
# inferência: a regra que vale sempre é **as mesmas no treino e na previsão**.

# %%
import torch.nn.functional as F
from torch import nn

CAP_SIZE = 32 if course_utils.is_smoke() else 64
CAP_EPOCHS = 1 if course_utils.is_smoke() else 6


def small_cnn(num_classes=2):
    def block(c_in, c_out):
        return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out),
                             nn.ReLU(inplace=True), nn.MaxPool2d(2))
    return nn.Sequential(block(3, 32), block(32, 64), block(64, 128), block(128, 256),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(256, num_classes))


def train_small_cnn(train_loader, valid_loader, epochs, lr=2e-3, seed=0):
    """Treina uma small_cnn; devolve a loss de cada passo, a acurácia de validação de cada época e o modelo."""
    torch.manual_seed(seed)
    model = small_cnn().to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=epochs * len(train_loader))
    losses, accs = [], []
    for _ in range(epochs):
        model.train()
        for X, Y in train_loader:
            loss = F.cross_entropy(model(X), Y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            losses.append(loss.item())
        model.eval()
        hits = total = 0
        with torch.no_grad():
            for X, Y in valid_loader:
                hits += int((model(X).argmax(1) == Y.argmax(1)).sum())
                total += len(X)
        accs.append(hits / total)
    return losses, accs, model


capstone = not course_utils.is_grading()
if capstone:
    start = time.perf_counter()
    cap_items = list(dls.train.items) + list(dls.valid.items)
    decode = DataLoader(ItemsDataset(cap_items, PetItem(CAP_SIZE, dls.label_to_tensor)), batch_size=256,
                        num_workers=0 if course_utils.is_smoke() else workers)
    cached_X, cached_Y = (torch.cat(t) for t in zip(*decode))
    cache = {path: (cached_X[i], cached_Y[i]) for i, path in enumerate(cap_items)}
    print(f"{len(cache)} imagens decodificadas em {time.perf_counter() - start:.0f} s")
    cap_batch_tfms = [OnX(v2.ToDtype(torch.float32, scale=True)), OnX(v2.Normalize(IMAGENET_MEAN, IMAGENET_STD))]
    cap_valid = SimpleDataLoader(dls.valid.items, cache.__getitem__, cap_batch_tfms, 256, device)

# %% [markdown]
# ### Por que embaralhar o treino?
#
# Dois treinos iguais, com a mesma semente, mudando só a ordem dos itens de treino:
#
# * **embaralhado**: o seu loader com `shuffle=True`;
# * **na ordem das pastas, sem embaralhar**: os mesmos arquivos organizados em pastas
#   `train/cat`, `train/dog`, `valid/...` (o formato de muitos conjuntos de dados, como o MNIST do
#   Lab 03), divididos pelo `GrandparentSplitter` da fastai e percorridos com `shuffle=False`.
#
# O nosso `random_splitter` já devolve o treino em ordem sorteada; o `GrandparentSplitter` não: ele
# separa pelo nome da pasta avô e mantém a ordem da lista, que o `get_image_files` monta pasta por
# pasta. Os itens chegam **agrupados por classe**. Montamos as pastas com atalhos (*symlinks*) para
# as mesmas imagens, e rodamos as peças da fastai de verdade:

# %%
if capstone:
    import shutil

    from fastai.vision.all import GrandparentSplitter
    from fastai.vision.all import get_image_files as fastai_image_files

    layout = Path(tempfile.mkdtemp()) / "pets_em_pastas"
    for split_name, split_items in [("train", dls.train.items), ("valid", dls.valid.items)]:
        for path in split_items:
            target = layout / split_name / pet_label(path) / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                target.symlink_to(path)
            except OSError:  # sistemas sem symlinks: copia
                shutil.copy(path, target)
    folder_items = fastai_image_files(layout)
    folder_train, folder_valid = GrandparentSplitter(train_name="train", valid_name="valid")(folder_items)
    grouped = [images_dir / folder_items[i].name for i in folder_train]  # as mesmas imagens, na ordem da fastai
    order = [pet_label(path) for path in grouped]
    print(f"GrandparentSplitter: {len(folder_train)} de treino, {len(folder_valid)} de validação; ordem do treino: "
          f"{order[:3]} ... {order[-3:]}, a classe muda {sum(a != b for a, b in zip(order, order[1:]))} vez(es)")

    runs = {}
    for name, items, shuffle in [("embaralhado", dls.train.items, True),
                                 ("pastas, sem embaralhar", grouped, False)]:
        start = time.perf_counter()
        train_loader = SimpleDataLoader(items, cache.__getitem__, cap_batch_tfms, 64, device, shuffle=shuffle, seed=0)
        runs[name] = train_small_cnn(train_loader, cap_valid, CAP_EPOCHS)
        print(f"{name:>22}: acurácia de validação por época {[round(a, 3) for a in runs[name][1]]}"
              f" ({time.perf_counter() - start:.0f} s)")

    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 3.5))
    for name, (losses, _, _) in runs.items():
        ax.plot(losses, label=name, alpha=0.8)
    ax.set_xlabel("passo de treino")
    ax.set_ylabel("loss de treino")
    ax.set_title("CNN pequena, gatos x cachorros, com o seu loader")
    ax.legend()
    fig.tight_layout()
    valid_dogs = float(torch.stack([cache[p][1] for p in dls.valid.items]).argmax(1).float().mean())
    print(f"fração de cachorros na validação: {valid_dogs:.2f} (a acurácia de quem responde sempre 'dog')")

# %% [markdown]
# **Como ler o gráfico.** Embaralhado, cada batch tem gatos e cachorros, a loss desce com ruído e a
# acurácia de validação sobe acima da de quem responde sempre "cachorro" (a fração impressa acima;
# no Pets cerca de 2/3 das fotos são de cães). Na ordem das pastas, a loss tem a forma de um
# **serrote**: no começo de cada época vem só uma classe (a pasta listada primeiro), e a rede
# aprende depressa a responder sempre essa classe (loss perto de zero); quando chega a outra, a loss
# dispara e a rede passa a responder a outra. A validação, medida no fim da época, reflete a última classe vista: a acurácia tende a ficar perto da
# fração dessa classe, e o que a rede aprendeu é sobretudo a **ordem** dos dados, não os animais.
# Este é o comportamento esperado, não um resultado medido por nós: confira com os números do seu
# treino. Em modo *smoke* (uma época, imagens de uma cor só), os números não significam nada: o
# código é o mesmo.
#
# ### Onde a rede erra: a interpretação da fastai
#
# A acurácia diz quanto a rede erra, não **onde**. A fastai tem uma ferramenta pronta para isso,
# `ClassificationInterpretation`: ela roda o modelo na validação e mostra a **matriz de confusão**
# (quantos gatos viraram cachorros e vice-versa), `most_confused` (os pares de classes mais
# trocados) e `plot_top_losses` (as imagens com a maior perda: erros confiantes, e às vezes rótulos
# errados no próprio conjunto). Para usá-la, embrulhamos a rede treinada com o **seu** loader
# (a do treino embaralhado) num `Learner` da fastai, com os loaders da fastai em `CAP_SIZE`: mesma
# divisão, mesma normalização, e a validação sem aumentos. Em modo *smoke* a rede não aprendeu nada e
# as imagens são de uma cor só.

# %%
if capstone:
    from fastai.interpret import ClassificationInterpretation
    from fastai.learner import Learner
    from fastai.losses import CrossEntropyLossFlat
    from fastai.metrics import accuracy

    cap_block = DataBlock(  # o fastai_block de antes, em CAP_SIZE e sem aumentos (só a validação importa aqui)
        blocks=(ImageBlock, CategoryBlock), get_items=sorted_image_files, splitter=RandomSplitter(valid_pct=0.2, seed=42),
        get_y=pet_label, item_tfms=[Resize(CAP_SIZE, method=ResizeMethod.Squish), ToTensor()],
        batch_tfms=[IntToFloatTensor(), Normalize.from_stats(IMAGENET_MEAN, IMAGENET_STD)])
    cap_fastai_dls = cap_block.dataloaders(images_dir, bs=64, device=device,
                                           **({"num_workers": 0} if course_utils.is_smoke() else {}))
    cap_learn = Learner(cap_fastai_dls, runs["embaralhado"][2], loss_func=CrossEntropyLossFlat(), metrics=accuracy)
    with cap_learn.no_bar():
        interp = ClassificationInterpretation.from_learner(cap_learn)
    print("vocab da fastai:", list(cap_fastai_dls.vocab), "| os pares mais trocados (real, previsto, quantas):",
          interp.most_confused())
    interp.plot_confusion_matrix(figsize=(3.5, 3.5))
    interp.plot_top_losses(6, nrows=2, figsize=(9, 5))

# %% [markdown]
# **Como ler.** Na matriz, as linhas são a classe real e as colunas a prevista: a diagonal são os
# acertos. Com cerca de 2/3 de cães no Pets, uma rede fraca tende a errar mais **gatos** (a prevê-los como
# cachorros). Nas imagens de maior perda, o título mostra previsto/real, a perda e a probabilidade da
# classe real: olhe se os erros têm algo em comum (fundo, pose, raça, a foto muito pequena em 64×64).
#
# ## Modelos de linguagem (ChatGPT e afins)
#
# **Pode:** usar um modelo de linguagem como usaria um livro ou um monitor: para entender um
# conceito, uma mensagem de erro ou a documentação de uma função (PyTorch, torchvision, fastai).
# **Não pode:** pedir a resposta pronta de uma questão (o código de uma célula de resposta), colar o
# enunciado para ele resolver, ou copiar a resposta pronta da internet.
# **Declare sempre:** se você usou um modelo de linguagem neste lab, para qualquer coisa, cole a
# conversa inteira (ou o link dela) na célula abaixo.

# %% [markdown]
# **Minha conversa com um modelo de linguagem** (cole aqui a conversa inteira ou o link; se não usou
# nenhum, escreva "não usei"):
#
# ...

# %% [markdown]
# ## Seu feedback (não vale nota)
#
# Ajude a melhorar este lab para as próximas turmas. Edite esta célula:
#
# * **Tempo gasto** (em horas, contando o treino):
# * **O que foi mais difícil, ou não ficou claro:**
# * **Erros, trechos confusos ou sugestões:**
