//! The type interner: every [`TypeKind`] is stored once, in an append-only arena, and a
//! [`Type`] is its index. Types are built on every hot path (unions, specializations, bound
//! methods), from several threads at once, so lookups must be cheap and rarely contend.
//!
//! The hash tables hold only the 4-byte index of each kind, never a second copy of the kind:
//! a lookup compares against the arena, and a table that grows rehashes from the arena. The
//! tables are sharded by hash so that two threads seldom wait on the same lock.

use std::hash::BuildHasher;
use std::sync::RwLock;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::ty::{Type, TypeKind};

const SHARD_BITS: u32 = 6;

pub(crate) struct TypeInterner {
    kinds: boxcar::Vec<TypeKind>,
    shards: Box<[RwLock<HashTable<u32>>]>,
}

impl TypeInterner {
    pub(crate) fn new() -> Self {
        TypeInterner {
            kinds: boxcar::Vec::new(),
            shards: (0..1 << SHARD_BITS).map(|_| RwLock::new(HashTable::new())).collect(),
        }
    }

    pub(crate) fn intern(&self, kind: TypeKind) -> Type {
        let hash = hash_of(&kind);
        // The shard comes from bits the table itself uses least: its buckets take the low bits
        // and its control bytes the top seven.
        let shard = &self.shards[((hash << 7) >> (64 - SHARD_BITS)) as usize];
        let eq = |index: &u32| self.kinds[*index as usize] == kind;
        if let Some(index) = shard.read().unwrap_or_else(|e| e.into_inner()).find(hash, eq) {
            return Type(*index);
        }
        let mut table = shard.write().unwrap_or_else(|e| e.into_inner());
        if let Some(index) = table.find(hash, eq) {
            return Type(*index);
        }
        let index = u32::try_from(self.kinds.push(kind)).expect("too many types");
        table.insert_unique(hash, index, |index| hash_of(&self.kinds[*index as usize]));
        Type(index)
    }

    pub(crate) fn kind(&self, ty: Type) -> &TypeKind {
        &self.kinds[ty.0 as usize]
    }
}

fn hash_of(kind: &TypeKind) -> u64 {
    FxBuildHasher.hash_one(kind)
}
